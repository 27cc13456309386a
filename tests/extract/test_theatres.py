"""Theatre data: an ambiguous alias reads by the article's country («التحالف» in Yemen vs Syria)."""

from marsad.extract.actors import air_forces, theatres


def test_theatre_tables_load():
    assert "YE" in theatres()["INT-COALITION-ARAB"][0]
    assert air_forces()["YE"] == "INT-COALITION-ARAB"


def test_coalition_depends_on_the_country(pipeline):
    yemen = pipeline.extract("شنت طائرات التحالف غارات على مواقع للحوثيين في مدينة صعدة أمس.", published="2015-08-04")
    syria = pipeline.extract("شنت طائرات التحالف غارات على مواقع لتنظيم داعش في مدينة الرقة أمس.",
                             published="2015-08-04")
    assert yemen.events[0].actor1.id == "INT-COALITION-ARAB"
    assert syria.events[0].actor1.id == "INT-COALITION-US"


def test_members_of_a_named_group(pipeline):
    res = pipeline.extract("هاجم مسلحون من جماعة بوكو حرام قرية في شمال شرقي نيجيريا أمس وقتلوا 12 شخصا.",
                           published="2015-07-21")
    assert res.events[0].actor1.id == "NG-BOKO-HARAM"
