"""Draw session 2's Figure 1: the shared community investment model, as the report describes it.

The Localism report (session 2) refers to "Figure 1 below", a high level flow diagram of how a
shared community investment model would work in the criminal justice sector; the figure itself
did not survive with the report's text, so this redraws it from the report's own words:
statutory agencies and their partners invest in preventative interventions and in evidence-based
interventions that reduce reoffending; less crime and reoffending produce savings for all
agencies; the savings are pooled, the local community keeps control of a portion and reinvests
it in preventative work, which reduces crime further: a continuous cycle.

Run: .venv/bin/python scripts/draw_figure_1.py [output.png]
(default: content/figures/pilot-learning-group-session-2-figure-1.png, which the shipped content
names and load_reports attaches).
"""

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUTPUT = (
    Path(__file__).resolve().parents[1]
    / "content/figures/pilot-learning-group-session-2-figure-1.png"
)
WIDTH, HEIGHT = 1600, 1040
INK = (27, 27, 27)
BRAND = (29, 63, 110)  # 10.5:1 on white
FILL = (232, 239, 248)
ACCENT_FILL = (255, 244, 214)
ACCENT = (122, 75, 0)
FONT_DIRS = [
    Path(__file__).resolve().parents[1] / "static/fonts",
    Path("/usr/share/fonts/truetype/crosextra"),
    Path("/usr/share/fonts/truetype/dejavu"),
]


def font(bold=False, size=30):
    names = (
        ["Carlito-Bold.ttf", "DejaVuSans-Bold.ttf"]
        if bold
        else ["Carlito-Regular.ttf", "DejaVuSans.ttf"]
    )
    for directory in FONT_DIRS:
        for name in names:
            if (directory / name).exists():
                return ImageFont.truetype(str(directory / name), size)
    return ImageFont.load_default(size)


def wrap(draw, text, face, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line]


def box(draw, centre, size, title, body, fill=FILL, outline=BRAND, number=None):
    """A rounded box with a bold title and wrapped body text; returns its bounds."""
    cx, cy = centre
    w, h = size
    bounds = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    draw.rounded_rectangle(bounds, radius=22, fill=fill, outline=outline, width=5)
    title_face, body_face = font(True, 34), font(False, 29)
    lines = [(line, title_face) for line in wrap(draw, title, title_face, w - 60)]
    lines += [(line, body_face) for line in wrap(draw, body, body_face, w - 60)]
    heights = [face.size * 1.22 for _, face in lines]
    y = cy - sum(heights) / 2
    for (line, face), line_height in zip(lines, heights, strict=True):
        draw.text((cx, y + line_height / 2), line, font=face, fill=INK, anchor="mm")
        y += line_height
    if number is not None:
        badge = (bounds[0] - 8, bounds[1] - 8)
        draw.ellipse((badge[0] - 26, badge[1] - 26, badge[0] + 26, badge[1] + 26), fill=BRAND)
        draw.text(badge, str(number), font=font(True, 32), fill="white", anchor="mm")
    return bounds


def arrow(draw, start, end, colour=BRAND, width=9, head=30):
    draw.line([start, end], fill=colour, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    left = (
        end[0] - head * math.cos(angle - math.pi / 7),
        end[1] - head * math.sin(angle - math.pi / 7),
    )
    right = (
        end[0] - head * math.cos(angle + math.pi / 7),
        end[1] - head * math.sin(angle + math.pi / 7),
    )
    draw.polygon([end, left, right], fill=colour)


def label(draw, position, text, size=26):
    face = font(False, size)
    x, y = position
    bounds = draw.textbbox((x, y), text, font=face, anchor="mm")
    pad = 8
    draw.rectangle(
        (bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad), fill="white"
    )
    draw.text((x, y), text, font=face, fill=INK, anchor="mm")


def draw_figure(path: Path = OUTPUT) -> Path:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (WIDTH / 2, 48),
        "Shared community investment model: criminal justice example",
        font=font(True, 40),
        fill=BRAND,
        anchor="mm",
    )

    start = box(
        draw,
        (300, 200),
        (460, 170),
        "Statutory agencies and their partners",
        "work together with local citizens and invest",
        fill=ACCENT_FILL,
        outline=ACCENT,
    )
    top = box(
        draw,
        (1060, 200),
        (820, 200),
        "Targeting both ends of the system",
        "Preventative interventions stop people at risk of offending entering the criminal "
        "justice system; evidence-based interventions reduce reoffending",
        number=1,
    )
    right = box(
        draw,
        (1240, 560),
        (560, 170),
        "Less crime, less reoffending",
        "A lower level of crime in the local community",
        number=2,
    )
    bottom = box(
        draw,
        (800, 880),
        (640, 170),
        "Savings for all agencies",
        "Statutory agencies and their partners spend less",
        number=3,
    )
    left = box(
        draw,
        (360, 560),
        (560, 210),
        "Savings pooled and reinvested",
        "The local community keeps control of a portion of the savings and reinvests it "
        "in preventative work",
        number=4,
    )

    arrow(draw, (start[2] + 4, 200), (top[0] - 6, 200), colour=ACCENT)
    label(draw, ((start[2] + top[0]) / 2, 165), "invest", size=26)
    arrow(draw, (1240, top[3] + 6), (1240, right[1] - 8))
    arrow(draw, (1140, right[3] + 6), (bottom[2] - 60, bottom[1] - 8))
    arrow(draw, (bottom[0] + 60, bottom[1] - 8), (460, left[3] + 6))
    arrow(draw, (left[2] - 90, left[1] - 6), (top[0] + 90, top[3] + 8))
    label(draw, (500, 345), "reinvest in prevention", size=28)

    centre_face = font(True, 30)
    for offset, line in enumerate(
        ["A continuous cycle:", "each round of savings", "funds more prevention"]
    ):
        draw.text((800, 500 + offset * 40), line, font=centre_face, fill=BRAND, anchor="mm")

    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG", optimize=True)
    return path


if __name__ == "__main__":
    print(draw_figure(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
