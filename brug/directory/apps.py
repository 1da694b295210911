from django.apps import AppConfig
from django.db.models.signals import post_save


def _location_saved(sender, instance, **kwargs) -> None:
    from brug.directory.selectors import forget_neighbourhoods

    forget_neighbourhoods(instance.network_id)


class DirectoryConfig(AppConfig):
    name = "brug.directory"
    label = "directory"
    verbose_name = "Sociale kaart"

    def ready(self) -> None:
        # The search form's neighbourhood choices are cached per process (selectors); a
        # location saved here shows its neighbourhood at once. Bulk writes (the HSDS import)
        # forget the choices themselves; a deleted location's neighbourhood may linger for
        # the cache's minute, which only offers a choice that finds nothing.
        post_save.connect(_location_saved, sender="directory.Location",
                          dispatch_uid="directory-location-neighbourhoods")
