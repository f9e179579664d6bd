"""Document numbers and codes stored in their new parts (text/codes.py):
"15/nd-cp" for "15/2020/NĐ-CP" (the number and type, year left out) and the
words of a hyphenated code ("covid", "19" for "COVID-19").

Only an article with codes already stored can gain parts, so only those rows
are read and rewritten; the generated `search_vector` follows its column.
Going back keeps the extra lexemes, which the older code never asks for.
"""

from django.db import migrations

BATCH = 500


def refill_codes(apps, schema_editor):
    from articles.text.codes import document_codes

    Article = apps.get_model("articles", "Article")
    rows = Article.objects.exclude(search_codes="").only("title", "summary", "body", "search_codes")
    batch = []
    for article in rows.iterator(chunk_size=BATCH):
        codes = document_codes(article.title, article.summary, article.body)
        if codes != article.search_codes:
            article.search_codes = codes
            batch.append(article)
        if len(batch) >= BATCH:
            Article.objects.bulk_update(batch, ["search_codes"])
            batch = []
    Article.objects.bulk_update(batch, ["search_codes"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_article_review_index")]

    operations = [migrations.RunPython(refill_codes, migrations.RunPython.noop, elidable=True)]
