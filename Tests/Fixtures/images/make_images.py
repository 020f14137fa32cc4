#!/usr/bin/env python3
"""Writes the images the metadata tests upload (Tests/AtelierServerTests/ImageMetadataTests.swift,
AssetPrivacyTests.swift): small pictures carrying every kind of metadata a phone or an editor
leaves in them, each with a word starting "Secret" in it so a test can say none is left.

  gps.jpg   JPEG: JFIF, EXIF with GPS position, camera and orientation 6, XMP, ICC profile,
            a comment, Photoshop/IPTC (APP13) and a maker's APP4
  gps-progressive.jpg  the same, progressive (several scans)
  meta.png  PNG (palette with transparency): tEXt, zTXt, iTXt (XMP), eXIf (GPS, orientation 6),
            tIME, a private chunk, and a tEXt after the image data; iCCP, gAMA, cHRM, pHYs, tRNS
  meta.webp WebP (lossless, alpha): VP8X with ICC, EXIF (GPS, orientation 6) and XMP chunks
  meta.gif  GIF, two frames looping: a comment, an XMP application extension, NETSCAPE2.0

Run with Pillow (script/bootstrap installs it in .venv):  .venv/bin/python Tests/Fixtures/images/make_images.py
The output is deterministic for a given Pillow; the committed files were made with Pillow 13.0.0.
"""
import io
import os
import struct
import zlib

from PIL import Image, ImageCms, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

HERE = os.path.dirname(os.path.abspath(__file__))
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="SecretXMP"/></rdf:RDF></x:xmpmeta>')


def picture(mode, size=(48, 32)):
    """A gradient with a diagonal band: every row and column differs, so a moved byte shows."""
    w, h = size
    img = Image.new("RGBA", size)
    img.putdata([((x * 5) % 256, (y * 7) % 256, (x * y) % 256, 255 if (x + y) % 9 else 96)
                 for y in range(h) for x in range(w)])
    return img.convert(mode) if mode != "RGBA" else img


def exif():
    e = Image.Exif()
    e[0x010F] = "SecretCam"          # Make
    e[0x0110] = "SecretModel 7"      # Model
    e[0x0112] = 6                    # Orientation: rotate 90° clockwise to show
    e[0x0131] = "SecretSoftware"     # Software
    e[0x8825] = {                    # GPS IFD: the Eiffel tower
        1: "N", 2: (IFDRational(48, 1), IFDRational(51, 1), IFDRational(2964, 100)),
        3: "E", 4: (IFDRational(2, 1), IFDRational(17, 1), IFDRational(4020, 100)),
    }
    return e.tobytes()


def icc():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def make_jpeg(progressive=False):
    out = io.BytesIO()
    picture("RGB").save(out, "JPEG", quality=90, exif=exif(), icc_profile=icc(), xmp=XMP,
                        comment=b"SecretComment", progressive=progressive)
    data = out.getvalue()
    # Photoshop's IPTC block (APP13) and a maker's APP4, after SOI.
    iptc = b"\x1c\x02\x50" + struct.pack(">H", 10) + b"SecretIPTC"      # 2:80 By-line
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    extra = jpeg_segment(0xED, b"Photoshop 3.0\x00" + irb) + jpeg_segment(0xE4, b"SecretMaker\x00")
    return data[:2] + extra + data[2:]


def png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def make_png():
    img = picture("RGBA").convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SecretAuthor")
    info.add_text("Comment", "SecretZipped " * 8, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add(b"tIME", struct.pack(">HBBBBB", 2024, 5, 17, 9, 30, 0))
    info.add(b"gAMA", struct.pack(">I", 45455))
    info.add(b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))
    info.add(b"prVt", b"SecretPrivate")
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info, exif=exif(), icc_profile=icc(), dpi=(144, 144), transparency=0)
    data = out.getvalue()
    # Text may also follow the image data: one more before IEND (the last 12 bytes).
    return data[:-12] + png_chunk(b"tEXt", b"Title\x00SecretAfterData") + data[-12:]


def make_webp():
    out = io.BytesIO()
    picture("RGBA").save(out, "WEBP", lossless=True, exif=exif(), xmp=XMP, icc_profile=icc())
    return out.getvalue()


def make_gif():
    frames = [picture("RGB").convert("P"), picture("RGB").rotate(180).convert("P")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=200,
                   comment=b"SecretComment")
    data = out.getvalue()
    # An XMP application extension before the first frame (sub-blocks of at most 255 bytes).
    body = b"".join(bytes([len(XMP[i:i + 255])]) + XMP[i:i + 255] for i in range(0, len(XMP), 255))
    xmp = b"\x21\xFF\x0BXMP DataXMP" + body + b"\x00"
    first = data.index(b"\x21\xF9")          # the first graphic control extension
    return data[:first] + xmp + data[first:]


for name, make in [("gps.jpg", make_jpeg), ("gps-progressive.jpg", lambda: make_jpeg(progressive=True)),
                   ("meta.png", make_png), ("meta.webp", make_webp),
                   ("meta.gif", make_gif)]:
    data = make()
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
    print(name, len(data))
