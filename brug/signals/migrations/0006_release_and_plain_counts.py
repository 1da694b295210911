"""The bundle counts per request: the kept count tables and columns go. Barrier descriptions
wait for a coordinator's release (`released_at`/`released_by`); existing ones start
unreleased, so nothing reaches the bundle unread."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0006_search_version'),
        ('families', '0003_agenda_indexes'),
        ('network', '0001_initial'),
        ('signals', '0005_drop_bundle_version_triggers'),
    ]

    operations = [
        migrations.DeleteModel(
            name='CollectiveDimensionCount',
        ),
        migrations.DeleteModel(
            name='SuggestionCount',
        ),
        migrations.RemoveIndex(
            model_name='signal',
            name='barrier_bundle',
        ),
        migrations.RemoveIndex(
            model_name='signal',
            name='barrier_quotes',
        ),
        migrations.RemoveIndex(
            model_name='signal',
            name='barrier_quotes_provider',
        ),
        migrations.RemoveIndex(
            model_name='signal',
            name='barrier_quotes_domain',
        ),
        migrations.RemoveField(
            model_name='collectivesignal',
            name='barrier_count',
        ),
        migrations.RemoveField(
            model_name='collectivesignal',
            name='family_count',
        ),
        migrations.AddField(
            model_name='signal',
            name='released_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='signal',
            name='released_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='network.worker'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='description',
            field=models.TextField(help_text='Zonder namen: na controle door een coördinator kan deze beschrijving, zonder het gezin, in de signalenbundel komen.', verbose_name='wat liep er mis'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(condition=models.Q(('collective__isnull', False)), fields=['network', 'collective', 'family', 'observed_on'], name='barrier_bundle_families'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(condition=models.Q(('collective__isnull', False), ('released_at__isnull', False)), fields=['collective', '-observed_on', '-id'], name='barrier_released'),
        ),
        migrations.AddIndex(
            model_name='signal',
            index=models.Index(condition=models.Q(('released_at__isnull', True)), fields=['network', 'id'], name='barrier_unreleased'),
        ),
    ]
