from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approvals"
    verbose_name = "Approval"

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from approvals import gate, post_list
        from posts.models import Post
        from posts.workflow import publish_gate_register
        from posts.writing import publish_box_register

        publish_gate_register(gate.approval_gate)
        publish_box_register(gate.approval_box)
        pre_save.connect(gate.remember_saved_content, sender=Post, dispatch_uid="approvals_pre")
        post_save.connect(gate.after_post_saved, sender=Post, dispatch_uid="approvals_post")
        post_list.install()
