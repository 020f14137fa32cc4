#!/usr/bin/env python3
"""Prints what Pillow reads in images, one JSON line per file, for the metadata tests:
format, size, frames, the SHA-256 of every frame's pixels as RGBA (decoded, so two files
with the same pixels match however their bytes differ), the EXIF tags left, whether a GPS
block, XMP, text chunks or a comment remain, and whether the ICC profile is there.

  .venv/bin/python Tests/Fixtures/images/inspect_image.py FILE...
"""
import hashlib
import json
import sys

from PIL import Image, ImageSequence

METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "Author", "Comment", "Title",
                 "extension", "mp", "mpoffset"}

for path in sys.argv[1:]:
    with Image.open(path) as image:
        frames = []
        for frame in ImageSequence.Iterator(image):
            frames.append(hashlib.sha256(frame.convert("RGBA").tobytes()).hexdigest())
        exif = image.getexif()
        print(json.dumps({
            "file": path,
            "format": image.format,
            "size": list(image.size),
            "frames": frames,
            "exifTags": sorted(int(tag) for tag in exif.keys()),
            "orientation": exif.get(0x0112),
            "gps": bool(exif.get_ifd(0x8825)),
            "metadataKeys": sorted(key for key in image.info if key in METADATA_KEYS),
            "icc": bool(image.info.get("icc_profile")),
            "loop": image.info.get("loop"),
        }, sort_keys=True))
