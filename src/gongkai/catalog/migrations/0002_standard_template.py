from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.catalog.standard_template import flatten

    Node = apps.get_model("catalog", "CategoryTemplate")
    ids = dict(Node.objects.values_list("code", "pk"))
    for code, parent_code, name, period, basis, order in flatten():
        if code in ids:
            continue
        node = Node.objects.create(
            code=code,
            parent_id=ids.get(parent_code) if parent_code else None,
            name=name,
            basis=basis,
            update_period_days=period,
            sort_order=order,
        )
        ids[code] = node.pk


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
