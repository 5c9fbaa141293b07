from django.apps import AppConfig


class AudiovideoConfig(AppConfig):
    name = "audiovideo"
    verbose_name = "Video and audio library"

    def ready(self):
        from django.db.models.signals import post_save

        from audiovideo.models import Recording
        from audiovideo.players import post_enclosures, refresh_players
        from audiovideo.usage import players_refresh, recording_file_readable
        from posts.feeds import enclosure_source_register
        from posts.media_access import published_file_rule_register
        from posts.sanitize import body_refresher_register

        # Readers may open a recording, its poster and captions once a published post plays it.
        # Staff who may see the library open every file in it, as with photos.
        published_file_rule_register(
            recording_file_readable,
            staff_permissions=("audiovideo.view_recording", "audiovideo.change_recording"),
        )
        # A player in a body is rewritten from the library: captions added later are played.
        body_refresher_register(refresh_players)
        # ...and an edit in the library (new captions, transcript or title) rewrites those
        # players in the posts that play it, published ones included.
        post_save.connect(players_refresh, sender=Recording, dispatch_uid="audiovideo_players")
        # Feeds carry a post's video and audio as enclosures.
        enclosure_source_register(post_enclosures)
