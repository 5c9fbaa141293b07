from datetime import date
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from taggit.models import Tag

from posts.counts import author_total, published_total, tag_total
from posts.models import OldAddress, Post
from posts.post_page import POST_PAGE_TEMPLATE, post_page_context
from posts.search import (
    QUERY_MAX_LENGTH,
    SEARCH_POOL,
    search_capped,
    search_clean_query,
    search_posts,
)


def can_preview(user):
    # Approvers read a draft as readers will see it before approving it.
    return user.is_authenticated and (
        user.has_perm("posts.change_post") or user.has_perm("posts.approve_post")
    )


class CountedPaginator(Paginator):
    """A paginator told how to count, rather than counting every row of its list."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count()


class PostListMixin:
    """Paginate published posts newest first, and link to neighbouring pages by name."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    ordering = ("-published_at", "-id")
    allow_empty = False

    def get_paginate_by(self, queryset):
        return settings.CEOBLOG_POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.published().order_by(*self.ordering)

    def get_allow_empty(self):
        # Django would first ask the database whether the list has any post (a query), then
        # count them for the pages; paginate_queryset answers 404 from that count instead.
        return True

    def paginate_queryset(self, queryset, page_size):
        # Authors and tags only for the page shown, not for every use of get_queryset().
        paginated = super().paginate_queryset(queryset.for_listing(), page_size)
        paginator = paginated[0]
        if not self.allow_empty and paginator.count == 0:
            raise Http404("No posts here.")
        return paginated

    def get(self, request, *args, **kwargs):
        padded = {key: value.zfill(2) for key, value in kwargs.items() if key in {"month", "day"}}
        first_page = "page" in kwargs and int(kwargs["page"]) == 1
        if first_page or any(kwargs[key] != value for key, value in padded.items()):
            canonical = {**kwargs, **padded}
            if first_page:
                del canonical["page"]
            return redirect(self.page_url_with(canonical), permanent=True)
        return super().get(request, *args, **kwargs)

    def page_url_with(self, kwargs):
        return reverse(self.request.resolver_match.view_name, kwargs=kwargs)

    def page_url(self, number):
        kwargs = {key: value for key, value in self.kwargs.items() if key != "page"}
        if number > 1:
            kwargs["page"] = number
        return self.page_url_with(kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            # Lists run newest first, so the next page holds older posts.
            context["older_url"] = self.page_url(page.next_page_number()) if page.has_next() else ""
            context["newer_url"] = (
                self.page_url(page.previous_page_number()) if page.has_previous() else ""
            )
        return context


class PostIndexView(PostListMixin, ListView):
    """The home page: sticky posts first, then the latest."""

    ordering = ("-is_sticky", "-published_at", "-id")
    allow_empty = True

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=published_total, **kwargs)

    def get(self, request, *args, **kwargs):
        if "s" in request.GET:
            # WordPress searched with /?s=words; old bookmarks land on the search page.
            query = urlencode({"q": request.GET["s"]})
            return redirect(f"{reverse('posts:search')}?{query}", permanent=True)
        return super().get(request, *args, **kwargs)


class ArchiveWithoutNeighboursMixin:
    """Leave out what Django's date archives work out and these pages never show.

    YearArchiveView and its kin list the months or days that have posts and look up the
    neighbouring year, month and day: a query each on every archive page. The pages link
    none of them, as WordPress's archives did not; an empty period is still a 404
    (PostListMixin.paginate_queryset).
    """

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return []

    def _neighbour(self, date):
        return None

    get_next_year = get_previous_year = _neighbour
    get_next_month = get_previous_month = _neighbour
    get_next_day = get_previous_day = _neighbour


class PostYearArchiveView(ArchiveWithoutNeighboursMixin, PostListMixin, YearArchiveView):
    make_object_list = True


class PostMonthArchiveView(ArchiveWithoutNeighboursMixin, PostListMixin, MonthArchiveView):
    pass


class PostDayArchiveView(ArchiveWithoutNeighboursMixin, PostListMixin, DayArchiveView):
    pass


class PostTagView(PostListMixin, ListView):
    template_name = "posts/post_tag.html"

    @cached_property
    def tag(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=partial(tag_total, self.tag), **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class PostAuthorView(PostListMixin, ListView):
    template_name = "posts/post_author.html"

    @cached_property
    def author(self):
        return get_object_or_404(get_user_model(), username=self.kwargs["username"])

    def get_queryset(self):
        return super().get_queryset().filter(author=self.author)

    def get_paginator(self, queryset, per_page, **kwargs):
        count = partial(author_total, self.author)
        return CountedPaginator(queryset, per_page, count=count, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class PostDetailView(DetailView):
    """One post at its canonical address; editors may preview posts readers cannot see."""

    def _posts(self):
        return Post.objects.select_related("author", "featured_photo").prefetch_related("tags")

    def get_queryset(self):
        posts = self._posts()
        return posts if can_preview(self.request.user) else posts.published()

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        try:
            on_day = date(*(int(self.kwargs[key]) for key in ("year", "month", "day")))
        except ValueError:
            on_day = None
        if on_day:
            # A published post at its own address, the usual case, is anyone's to read: who may
            # preview (two queries of permissions) is asked only when that is not what was found.
            found = self._posts().filter(slug=slug, published_on=on_day).first()
            if found is not None and found.is_published:
                return found
        posts = self.get_queryset()
        post = posts.filter(slug=slug, published_on=on_day).first() if on_day else None
        if post is None:
            # An address the post had before its slug or date was changed.
            old = OldAddress.objects.filter(path=self.request.path, post__in=posts).first()
            post = old.post if old else None
        if post is None:
            # A wrong date for a known slug: send the reader to where the post really is.
            post = posts.filter(slug=slug).order_by("-published_at").first()
        if post is None:
            raise Http404("No post at this address.")
        return post

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if not self.is_canonical_request():
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{canonical}?{query}" if query else canonical, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if not self.object.is_published:
            add_never_cache_headers(response)
        return response

    def is_canonical_request(self):
        local = self.object.local_published_at()
        return (
            self.kwargs["year"] == f"{local.year:04d}"
            and self.kwargs["month"] == f"{local.month:02d}"
            and self.kwargs["day"] == f"{local.day:02d}"
            and self.kwargs["slug"] == self.object.slug
        )

    template_name = POST_PAGE_TEMPLATE

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **post_page_context(self.object)}


class PostDraftPreviewView(PostDetailView):
    """A draft, which has no date and so no reader's address yet, for those who may preview it."""

    def get_object(self, queryset=None):
        if not can_preview(self.request.user):
            raise Http404("No post at this address.")
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.published_at is not None:
            # Published or scheduled since: its own address now.
            return redirect(self.object.get_absolute_url())
        response = self.render_to_response(self.get_context_data(object=self.object))
        add_never_cache_headers(response)
        return response


class PostSearchView(ListView):
    """Search published posts; explain, rather than fail, when the words cannot be searched."""

    template_name = "posts/post_search.html"

    def get_paginate_by(self, queryset):
        return settings.CEOBLOG_POSTS_PER_PAGE

    @cached_property
    def query(self):
        return search_clean_query(self.request.GET.get("q", ""))

    @cached_property
    def problem(self):
        if not self.query:
            return "empty"
        if len(self.query) > QUERY_MAX_LENGTH:
            return "too-long"
        return ""

    def get_queryset(self):
        if self.problem:
            return Post.objects.none()
        return search_posts(self.query)

    def get_paginator(self, queryset, per_page, **kwargs):
        # At most SEARCH_POOL + 1 matches are counted; the page says when there were more.
        self.found = queryset.count()
        shown = partial(min, self.found, SEARCH_POOL)
        return CountedPaginator(queryset, per_page, count=shown, **kwargs)

    def page_url(self, number):
        return f"{reverse('posts:search')}?{urlencode({'q': self.query, 'page': number})}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, problem=self.problem, **kwargs)
        page = context["page_obj"]
        context["older_url"] = self.page_url(page.next_page_number()) if page.has_next() else ""
        context["newer_url"] = (
            self.page_url(page.previous_page_number()) if page.has_previous() else ""
        )
        context["query_max_length"] = QUERY_MAX_LENGTH
        context["capped"] = search_capped(self.found)
        context["pool"] = SEARCH_POOL
        return context

    def render_to_response(self, context, **response_kwargs):
        if self.problem == "too-long":
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)
