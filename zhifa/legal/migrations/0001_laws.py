from django.db import migrations, models
import django.db.models.deletion
import django.utils.timezone


# Full-text index of Article.search_text (space-joined rjieba tokens, see zhifa.core.text).
# SQLite: an FTS5 table keyed by article id (rowid), maintained in bulk by zhifa.legal.search;
# the 'ascii' tokenizer splits only on ASCII non-alphanumerics (every non-ASCII char is a token
# char), so the pre-split tokens stay whole, exactly as on PostgreSQL.
# PostgreSQL: a GIN expression index over the exact tokens (array_to_tsvector: no parser, no
# stemming), so both databases match the same whole tokens.
def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS legal_article_fts USING fts5("
            "search_text, tokenize = 'ascii')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS legal_article_search_gin ON legal_article "
            "USING gin (array_to_tsvector(string_to_array(search_text, ' ')))"
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS legal_article_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS legal_article_search_gin")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Law',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='简称')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='标题')),
                ('legal_level', models.CharField(choices=[('constitution', '宪法'), ('law', '法律'), ('administrative_regulation', '行政法规'), ('local_regulation', '地方性法规'), ('departmental_rule', '部门规章'), ('local_government_rule', '地方政府规章'), ('normative_document', '规范性文件'), ('judicial_interpretation', '司法解释'), ('model_case', '案例'), ('other', '其他')], db_index=True, max_length=32, verbose_name='效力级别')),
                ('category', models.CharField(blank=True, db_index=True, max_length=100, verbose_name='分类')),
                ('catalogue_id', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='目录编号')),
            ],
            options={
                'verbose_name': '法律法规',
                'verbose_name_plural': '法律法规',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='LawChapter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(default='章', max_length=4, verbose_name='层级')),
                ('number', models.PositiveIntegerField(verbose_name='序号')),
                ('label', models.CharField(max_length=32, verbose_name='编号')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                ('position', models.PositiveIntegerField(verbose_name='顺序')),
            ],
            options={
                'verbose_name': '章',
                'verbose_name_plural': '章',
                'ordering': ['version_id', 'position'],
            },
        ),
        migrations.CreateModel(
            name='LawVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('version_date', models.DateField(blank=True, null=True, verbose_name='版本日期')),
                ('title', models.CharField(blank=True, max_length=300, verbose_name='标题')),
                ('subtitle', models.CharField(blank=True, max_length=300, verbose_name='副标题')),
                ('publish_date', models.DateField(blank=True, null=True, verbose_name='公布日期')),
                ('effective_date', models.DateField(blank=True, null=True, verbose_name='施行日期')),
                ('validity', models.CharField(choices=[('valid', '现行有效'), ('not_yet_effective', '尚未施行'), ('superseded', '已被修订'), ('repealed', '已废止')], db_index=True, max_length=32, verbose_name='时效性')),
                ('legal_level', models.CharField(choices=[('constitution', '宪法'), ('law', '法律'), ('administrative_regulation', '行政法规'), ('local_regulation', '地方性法规'), ('departmental_rule', '部门规章'), ('local_government_rule', '地方政府规章'), ('normative_document', '规范性文件'), ('judicial_interpretation', '司法解释'), ('model_case', '案例'), ('other', '其他')], db_index=True, max_length=32, verbose_name='效力级别')),
                ('issuing_body', models.CharField(blank=True, db_index=True, max_length=200, verbose_name='制定机关')),
                ('document_no', models.CharField(blank=True, max_length=200, verbose_name='文号')),
                ('history', models.TextField(blank=True, verbose_name='历史沿革')),
                ('source_file', models.CharField(blank=True, max_length=300, verbose_name='来源文件')),
                ('source_sha256', models.CharField(blank=True, max_length=64, verbose_name='来源文件SHA-256')),
                ('catalogue_id', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='目录编号')),
                ('has_text', models.BooleanField(default=False, verbose_name='有正文')),
                ('article_count', models.PositiveIntegerField(default=0, verbose_name='条数')),
                ('is_current', models.BooleanField(db_index=True, default=False, verbose_name='现行版本')),
                ('law', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='legal.law', verbose_name='法律法规')),
            ],
            options={
                'verbose_name': '法律法规版本',
                'verbose_name_plural': '法律法规版本',
                'ordering': ['law_id', '-version_date'],
            },
        ),
        migrations.CreateModel(
            name='LawSection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='序号')),
                ('label', models.CharField(max_length=32, verbose_name='编号')),
                ('title', models.CharField(blank=True, max_length=200, verbose_name='标题')),
                ('position', models.PositiveIntegerField(verbose_name='顺序')),
                ('chapter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='legal.lawchapter', verbose_name='章')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='legal.lawversion', verbose_name='版本')),
            ],
            options={
                'verbose_name': '节',
                'verbose_name_plural': '节',
                'ordering': ['version_id', 'position'],
            },
        ),
        migrations.AddField(
            model_name='lawchapter',
            name='version',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chapters', to='legal.lawversion', verbose_name='版本'),
        ),
        migrations.CreateModel(
            name='Article',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='条号')),
                ('sub_number', models.PositiveIntegerField(default=0, verbose_name='之N')),
                ('label', models.CharField(max_length=32, verbose_name='编号')),
                ('text', models.TextField(verbose_name='全文')),
                ('position', models.PositiveIntegerField(verbose_name='顺序')),
                ('search_text', models.TextField(blank=True, editable=False, verbose_name='检索词')),
                ('chapter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='legal.lawchapter', verbose_name='章')),
                ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='legal.lawsection', verbose_name='节')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='articles', to='legal.lawversion', verbose_name='版本')),
            ],
            options={
                'verbose_name': '条',
                'verbose_name_plural': '条',
                'ordering': ['version_id', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Paragraph',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='款号')),
                ('text', models.TextField(verbose_name='内容')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='paragraphs', to='legal.article', verbose_name='条')),
            ],
            options={
                'verbose_name': '款',
                'verbose_name_plural': '款',
                'ordering': ['article_id', 'number'],
            },
        ),
        migrations.CreateModel(
            name='LawItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField(verbose_name='项号')),
                ('label', models.CharField(max_length=16, verbose_name='编号')),
                ('text', models.TextField(verbose_name='内容')),
                ('paragraph', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='legal.paragraph', verbose_name='款')),
            ],
            options={
                'verbose_name': '项',
                'verbose_name_plural': '项',
                'ordering': ['paragraph_id', 'number'],
            },
        ),
        migrations.AddConstraint(
            model_name='lawversion',
            constraint=models.UniqueConstraint(fields=('law', 'version_date'), name='legal_lawversion_law_date_uniq'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('version', 'number', 'sub_number'), name='legal_article_version_number_uniq'),
        ),
        migrations.AddConstraint(
            model_name='paragraph',
            constraint=models.UniqueConstraint(fields=('article', 'number'), name='legal_paragraph_article_number_uniq'),
        ),
        migrations.AddConstraint(
            model_name='lawitem',
            constraint=models.UniqueConstraint(fields=('paragraph', 'number'), name='legal_lawitem_paragraph_number_uniq'),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
