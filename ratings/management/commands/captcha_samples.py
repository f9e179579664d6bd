import secrets
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ratings import captcha, captcha_drawing


class Command(BaseCommand):
    help = (
        "Write sample captcha images (new letters and keys, drawn as the portal serves "
        "them) and, in a separate file, their answers: for a readability check by people "
        "who have not seen the answers. Nothing is stored in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="Where to write the images.")
        parser.add_argument("--count", type=int, default=50, help="How many (default 50).")
        parser.add_argument("--scale", type=int, choices=(1, 2), default=1)
        parser.add_argument(
            "--answers",
            type=Path,
            help="File for the answers, one `file answer` a line "
            "(default: answers.txt next to the folder, not in it).",
        )

    def handle(self, *args, folder, count, scale, answers=None, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        folder.mkdir(parents=True, exist_ok=True)
        answers = answers or folder.parent / f"{folder.name}-answers.txt"
        lines = []
        for number in range(1, count + 1):
            text, _ = captcha.challenge()
            name = f"{number:02d}.png"
            (folder / name).write_bytes(captcha_drawing.draw(text, secrets.token_hex(20), scale))
            lines.append(f"{name} {text}\n")
        answers.write_text("".join(lines))
        self.stdout.write(f"Wrote {count} images to {folder} and their answers to {answers}.")
