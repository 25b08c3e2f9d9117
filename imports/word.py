"""Reading a Word (.docx) file into blocks through mammoth's HTML: headings, lists, tables,
pictures; after checking it is no zip bomb."""

import io
import re
import zipfile
from html.parser import HTMLParser

import mammoth

from .lines import Block, blocks_from_lines
from .refusals import ImportRefused

# A Word file unpacks to at most this much, and no member more than this many times its size.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100


def check_zip(data: bytes) -> None:
    """Refuse a Word file that would unpack to far more than it is (a zip bomb), before any
    library inflates it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
                    raise ImportRefused(
                        "The Word file unpacks to far more than its size (a “zip bomb”): it "
                        "has not been opened. Save the report again from Word and upload that."
                    )
    except zipfile.BadZipFile:
        raise ImportRefused("The Word file is damaged and could not be opened.") from None


def read_docx(data: bytes) -> list[Block]:
    check_zip(data)
    images: list[tuple[bytes, str]] = []

    def keep_image(image):
        with image.open() as stream:
            images.append((stream.read(), image.content_type))
        return {"src": f"image:{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as error:  # mammoth raises many kinds on a damaged file
        raise ImportRefused(f"The Word file could not be read ({error}).") from None
    parser = _HtmlBlocks(images)
    parser.feed(result.value)
    return parser.blocks


class _HtmlBlocks(HTMLParser):
    """mammoth's HTML to blocks: h1–h6, p, li (ul: bullet, ol: numbered), tr, img."""

    def __init__(self, images):
        super().__init__(convert_charrefs=True)
        self.images = images
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.current: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self._close()
            self.lists.append(tag)
        elif re.fullmatch(r"h[1-6]", tag):
            self._close()
            self.current = Block("heading", level=int(tag[1]))
        elif tag == "li":
            self._close()
            kind = "numbered" if self.lists and self.lists[-1] == "ol" else "bullet"
            self.current = Block(kind, level=len(self.lists))
        elif tag == "p" and self.cell is None:
            self._close()
            self.current = Block("paragraph")
        elif tag == "tr":
            self._close()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "br" and self.current is not None:
            self.current.text += " "
        elif tag == "img":
            src = dict(attrs).get("src", "")
            if src.startswith("image:"):
                content, content_type = self.images[int(src[6:])]
                self.blocks.append(Block("figure", image=content, content_type=content_type))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("p", "li") or re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.blocks.append(Block("table_row", " ".join(self.row), cells=self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.current is not None:
            self.current.text += data

    def _close(self):
        if self.current is not None:
            self.current.text = " ".join(self.current.text.split())
            if self.current.text:
                if self.current.kind == "paragraph":
                    self.blocks.extend(blocks_from_lines([self.current.text]))
                else:
                    self.blocks.append(self.current)
            self.current = None
