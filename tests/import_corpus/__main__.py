"""Write the corpus's PDFs again from its Word files (LibreOffice): python -m tests.import_corpus"""

from . import make_pdfs

make_pdfs()
