"""Initial schema: articles, events, evidence, sources, actors, places, clusters, review, audit

Revision ID: 0001
Revises: (none)

The tables of marsad.store.schema as of issue 7. Written by Alembic's autogenerate from the models and
checked by tests/store/test_migrations.py (the migrated schema must equal the models).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('dict_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_dict_id'), ['dict_id'], unique=False)

    op.create_table('articles',
    sa.Column('id', sa.String(length=128), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('body_start', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('duplicate_of', sa.String(length=128), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('banded', sa.Boolean(), nullable=False),
    sa.Column('n_events', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['articles.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)
        batch_op.create_index('ix_articles_unbanded', ['banded'], unique=False,
                              sqlite_where=sa.text('NOT banded'), postgresql_where=sa.text('NOT banded'))

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=16), nullable=False),
    sa.Column('entity_id', sa.String(length=160), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entity', ['entity', 'entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('places',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('admin1', sa.String(length=200), nullable=True),
    sa.Column('admin2', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('article_bands',
    sa.Column('band', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('article_id', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'article_id'),
    sqlite_with_rowid=False
    )
    op.create_table('clusters',
    sa.Column('id', sa.String(length=160), nullable=False),
    sa.Column('event_id_cnty', sa.String(length=24), nullable=False),
    sa.Column('family', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('sub_event_type', sa.String(length=64), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('actor1_key', sa.String(length=128), nullable=True),
    sa.Column('actor2_key', sa.String(length=128), nullable=True),
    sa.Column('place_key', sa.String(length=128), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('admin1', sa.String(length=200), nullable=True),
    sa.Column('admin2', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities_low', sa.Integer(), nullable=True),
    sa.Column('fatalities_best', sa.Integer(), nullable=True),
    sa.Column('fatalities_high', sa.Integer(), nullable=True),
    sa.Column('injuries', sa.Integer(), nullable=True),
    sa.Column('civilian_targeting', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('n_events', sa.Integer(), nullable=False),
    sa.Column('n_articles', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('review_status', sa.String(length=16), nullable=False),
    sa.Column('reviewed_by', sa.String(length=100), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor1_key'], ['actors.key'], ),
    sa.ForeignKeyConstraint(['actor2_key'], ['actors.key'], ),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id_cnty')
    )
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.create_index('ix_clusters_country_date', ['country_code', 'event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_clusters_event_date'), ['event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_clusters_review_status'), ['review_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_clusters_updated_at'), ['updated_at'], unique=False)

    op.create_table('cluster_overrides',
    sa.Column('cluster_id', sa.String(length=160), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('edited_by', sa.String(length=100), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cluster_id', 'field')
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=160), nullable=False),
    sa.Column('article_id', sa.String(length=128), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('sub_event_type', sa.String(length=64), nullable=False),
    sa.Column('family', sa.String(length=64), nullable=False),
    sa.Column('method', sa.String(length=100), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('actor1_key', sa.String(length=128), nullable=True),
    sa.Column('actor2_key', sa.String(length=128), nullable=True),
    sa.Column('place_key', sa.String(length=128), nullable=True),
    sa.Column('place_text', sa.String(length=300), nullable=True),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('admin1', sa.String(length=200), nullable=True),
    sa.Column('admin2', sa.String(length=200), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('fatality_reports', sa.JSON(), nullable=True),
    sa.Column('injuries', sa.Integer(), nullable=True),
    sa.Column('civilian_targeting', sa.Boolean(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('cluster_id', sa.String(length=160), nullable=True),
    sa.Column('merge_reason', sa.Text(), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor1_key'], ['actors.key'], ),
    sa.ForeignKeyConstraint(['actor2_key'], ['actors.key'], ),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['clusters.id'], ),
    sa.ForeignKeyConstraint(['place_key'], ['places.key'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('article_id', 'ordinal', name='uq_events_article_ordinal')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_actor1_key'), ['actor1_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_actor2_key'), ['actor2_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index('ix_events_country_date', ['country_code', 'event_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_place_key'), ['place_key'], unique=False)

    op.create_table('cluster_links',
    sa.Column('event_a', sa.String(length=160), nullable=False),
    sa.Column('event_b', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['event_a'], ['events.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_b'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_a', 'event_b')
    )
    with op.batch_alter_table('cluster_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_links_event_b'), ['event_b'], unique=False)

    op.create_table('event_actors',
    sa.Column('event_id', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('actor_key', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['actor_key'], ['actors.key'], ),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'position')
    )
    with op.batch_alter_table('event_actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_actors_actor_key'), ['actor_key'], unique=False)

    op.create_table('event_sources',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('name_ar', sa.String(length=300), nullable=True),
    sa.Column('via', sa.String(length=300), nullable=True),
    sa.Column('char_start', sa.Integer(), nullable=True),
    sa.Column('char_end', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_sources_event_id'), ['event_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=160), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_event_id'), ['event_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_event_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sources_event_id'))

    op.drop_table('event_sources')
    with op.batch_alter_table('event_actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_actors_actor_key'))

    op.drop_table('event_actors')
    with op.batch_alter_table('cluster_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_links_event_b'))

    op.drop_table('cluster_links')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_place_key'))
        batch_op.drop_index('ix_events_country_date')
        batch_op.drop_index(batch_op.f('ix_events_cluster_id'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))
        batch_op.drop_index(batch_op.f('ix_events_actor2_key'))
        batch_op.drop_index(batch_op.f('ix_events_actor1_key'))

    op.drop_table('events')
    op.drop_table('cluster_overrides')
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clusters_updated_at'))
        batch_op.drop_index(batch_op.f('ix_clusters_review_status'))
        batch_op.drop_index(batch_op.f('ix_clusters_event_date'))
        batch_op.drop_index('ix_clusters_country_date')

    op.drop_table('clusters')
    op.drop_table('article_bands')
    op.drop_table('places')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index('ix_audit_entity')

    op.drop_table('audit_log')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_unbanded', sqlite_where=sa.text('NOT banded'),
                            postgresql_where=sa.text('NOT banded'))
        batch_op.drop_index(batch_op.f('ix_articles_published'))
        batch_op.drop_index(batch_op.f('ix_articles_duplicate_of'))

    op.drop_table('articles')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_dict_id'))

    op.drop_table('actors')
