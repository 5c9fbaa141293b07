from django.contrib import admin

from alerts.models import CommentDelivery, Delivery, FeedToken, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "created_at", "last_digest_at"]
    list_filter = ["frequency"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["created_at", "last_digest_at"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    # The token itself is a password-like secret; administrators revoke, they do not read it.
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["post", "subscription", "sent_at"]
    list_select_related = ["post", "subscription__user"]
    search_fields = ["subscription__user__username", "post__title"]
    readonly_fields = ["post", "subscription", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(CommentDelivery)
class CommentDeliveryAdmin(admin.ModelAdmin):
    list_display = ["comment", "user", "kind", "queued_at"]
    list_filter = ["kind"]
    list_select_related = ["comment__author", "comment__post", "user"]
    search_fields = ["user__username", "comment__post__title"]
    readonly_fields = ["comment", "user", "kind", "queued_at"]

    def has_add_permission(self, request):
        return False
