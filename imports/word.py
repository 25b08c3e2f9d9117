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
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(keep_image),
            style_map=STYLE_MAP,
        )
    except Exception as error:  # mammoth raises many kinds on a damaged file
        raise ImportRefused(f"The Word file could not be read ({error}).") from None
    parser = _HtmlBlocks(images)
    parser.feed(result.value)
    return parser.blocks


# Paragraph styles mammoth is told to keep: the title block's lines.
STYLE_MAP = """
p[style-name='Title'] => p.title:fresh
p[style-name='Subtitle'] => p.title:fresh
"""
# A bold paragraph of one short line is a heading set by hand.
BOLD_HEADING_WORDS = 12


class _HtmlBlocks(HTMLParser):
    """mammoth's HTML to blocks: h1–h6, p (p.title: a title-block line; all bold and short: a
    heading), li (ul: bullet, ol: numbered), tr, img. Each tag has its opener and closer."""

    def __init__(self, images):
        super().__init__(convert_charrefs=True)
        self.images = images
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.current: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.bold = 0
        self.plain = False  # the current paragraph has text outside bold
        self.openers = {
            "ul": self._open_list,
            "ol": self._open_list,
            "li": self._open_item,
            "p": self._open_paragraph,
            "tr": self._open_row,
            "td": self._open_cell,
            "th": self._open_cell,
            "br": self._line_break,
            "img": self._picture,
            "strong": self._open_bold,
        }
        self.closers = {
            "ul": self._close_list,
            "ol": self._close_list,
            "li": self._close,
            "p": self._close,
            "td": self._close_cell,
            "th": self._close_cell,
            "tr": self._close_row,
            "strong": self._close_bold,
        }

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._close()
            self.current = Block("heading", level=int(tag[1]))
        elif tag in self.openers:
            self.openers[tag](tag, dict(attrs))

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self._close()
        elif tag in self.closers:
            self.closers[tag](tag)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif self.current is not None:
            self.current.text += data
            self.plain = self.plain or (not self.bold and bool(data.strip()))

    def _open_list(self, tag, attrs):
        self._close()
        self.lists.append(tag)

    def _close_list(self, tag=None):
        self._close()
        if self.lists:
            self.lists.pop()

    def _open_item(self, tag, attrs):
        self._close()
        kind = "numbered" if self.lists and self.lists[-1] == "ol" else "bullet"
        self.current = Block(kind, level=len(self.lists))

    def _open_paragraph(self, tag, attrs):
        if self.cell is None:
            self._close()
            self.current = Block("title" if attrs.get("class") == "title" else "paragraph")
            self.plain = False

    def _open_row(self, tag, attrs):
        self._close()
        self.row = []

    def _open_cell(self, tag, attrs):
        if self.row is not None:
            self.cell = []

    def _close_cell(self, tag=None):
        if self.row is not None and self.cell is not None:
            # A line break inside a cell is kept ("Welcome" / "Cllr Dana Whitlock, Chair"): a
            # programme's title cell may name its speakers on the line under the title.
            lines = "".join(self.cell).split("\n")
            self.row.append("\n".join(" ".join(line.split()) for line in lines if line.strip()))
            self.cell = None

    def _close_row(self, tag=None):
        if self.row is not None:
            if any(self.row):
                text = " ".join(" ".join(self.row).split())
                self.blocks.append(Block("table_row", text, cells=self.row))
            self.row = None

    def _line_break(self, tag, attrs):
        if self.cell is not None:
            self.cell.append("\n")
        elif self.current is not None:
            self.current.text += " "

    def _picture(self, tag, attrs):
        src = attrs.get("src", "")
        if src.startswith("image:"):
            content, content_type = self.images[int(src[6:])]
            self.blocks.append(Block("figure", image=content, content_type=content_type))

    def _open_bold(self, tag, attrs):
        self.bold += 1

    def _close_bold(self, tag=None):
        self.bold = max(self.bold - 1, 0)

    def _close(self, tag=None):
        block, self.current = self.current, None
        if block is None:
            return
        block.text = " ".join(block.text.split())
        if not block.text:
            return
        if block.kind == "paragraph" and not self.plain and _short_line(block.text):
            block.kind, block.level = "heading", 2
        if block.kind == "paragraph":
            self.blocks.extend(blocks_from_lines([block.text]))
        else:
            self.blocks.append(block)


def _short_line(text: str) -> bool:
    return len(text.split()) <= BOLD_HEADING_WORDS and not text.endswith((".", ":", ";", ","))
