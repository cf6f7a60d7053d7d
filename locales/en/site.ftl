# The public site's theme (FOLIO_SITE_LANG).
site-nav = Site
site-archives = Archives
site-categories = Categories
site-tags = Tags
site-feed = Feed
site-atom-feed = Atom feed
site-search = Search
site-search-for = Search: { $q }
site-search-count = { $count ->
    [one] One published article matches.
   *[other] { $count } published articles match.
}
site-search-empty = Type a word to search.
site-search-none = No published article matches.
site-nothing-here = Nothing published here yet.
site-nothing-yet = Nothing published yet.
site-no-categories = No categories yet.
site-no-tags = No tags yet.
site-tag-heading = Tag: { $name }
site-category-heading = Category: { $path }
site-archives-of = Archives: { $when }
site-updated = updated
site-originally-by = Originally published by { $author }.
site-read-original = Read the original
site-pager = Pages
site-newer = ← Newer
site-older = Older →
site-page-of = Page { $page } of { $pages }
site-gone = Gone
site-gone-why = This article was published here once and has been withdrawn.
site-not-found = Not found
site-not-found-why = There is no page at this address.
site-go-home = Go to the home page
