"""A few fictional documents on demo families: two letters as PDF and a phone photo of a letter
as PNG, generated here (no file on disk, nothing real), stored through `document_add` — the
storage API, the content check and the audit event, as an upload would be."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from brug.documents import services

# (file name, title, category, lines of the letter or None for the photo)
DOCUMENTS = [
    ("brief-huisbazin.pdf", "Brief van de huisbazin over de huurprijs", "domain_notes",
     ["Demostad, 3 november", "Beste huurder,",
      "Vanaf 1 januari wordt de huur 640 euro per maand.",
      "Met vriendelijke groeten, de verhuurder (fictief)"]),
    ("foto-brief-groeipakket.png", "Foto van de brief van het Groeipakket", "rights", None),
    ("afspraken-ocmw.pdf", "Afspraken met het OCMW over de energiefactuur", "plan",
     ["Afsprakennota (demo)", "Het gezin betaalt 40 euro per maand af.",
      "Volgende afspraak over drie maanden."]),
]


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def letter_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF (A4, Helvetica) with the lines of a short letter."""
    stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(
        f"({_pdf_text(line)}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


def letter_photo_png(width: int = 90, height: int = 120) -> bytes:
    """A small grey 'photo' of a white sheet with dark lines of text (RGB PNG)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            on_sheet = 10 <= x < width - 10 and 8 <= y < height - 8
            text_line = on_sheet and y % 9 in (0, 1) and 18 <= x < width - 18 - (y * 7) % 23
            value = 40 if text_line else 245 if on_sheet else 120
            row += bytes((value, value, value))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def load(ctx) -> None:
    sara = ctx.workers["sara"]
    families = [f for f in ctx.families if f.contact_worker_id == sara.pk
                and f.mandates.filter(ended_on__isnull=True).exists()]
    # The first family gets the two letters about its home, the second the photo.
    targets = [families[0], families[1] if len(families) > 1 else families[0], families[0]] \
        if families else []
    for (name, title, category, lines), family in zip(DOCUMENTS, targets, strict=False):
        data = letter_pdf(lines) if lines else letter_photo_png()
        content_type = "application/pdf" if lines else "image/png"
        services.document_add(actor=sara, family=family, category=category, title=title,
                              upload=SimpleUploadedFile(name, data, content_type=content_type))
