from django.core.management.base import BaseCommand, CommandError

from records.archive import verify


class Command(BaseCommand):
    help = "Recompute the SHA-256 of every file of a call archive against its manifest.json."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive's ZIP file")

    def handle(self, *args, file, **options):
        problems = verify(file)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s) in {file}")
        self.stdout.write(self.style.SUCCESS(f"{file}: every file matches its SHA-256."))
