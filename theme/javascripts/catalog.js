// The catalog's filters and sorts, over the whole catalog rather than the products of this page:
// the Pagefind bundle of generator/site/search.py (pagefind/catalog/) holds every listed product
// with its group, stars, commune, producer and province, and the catalog's orders. It is
// downloaded only once someone filters or sorts; until then the page shows its own cards.
// The state lives in the link (?group=food&stars=4&commune=xa-ba-che&sort=name), so a filtered
// view can be shared, and links shared before this script keep working. Each option says how
// many products it would leave. Without JavaScript the static index pages do the job.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script.src); // the site's root: this file is in javascripts/
  var filters = document.querySelector("[data-ocop-filter]");
  var grid = document.querySelector("[data-ocop-grid]");
  if (!filters || !grid) return;
  var form = filters.querySelector("form");
  var toggle = filters.querySelector("button[aria-expanded]");
  var count = document.querySelector("[data-ocop-count]");
  var more = document.querySelector("[data-ocop-more]");
  var card = document.querySelector("template[data-ocop-card]");
  var FILTERS = ["group", "stars", "province", "commune", "producer"];
  var SORTS = { stars: ["rank", "asc"], name: ["name", "asc"], newest: ["newest", "desc"] };
  var PAGE = Number(more.dataset.size); // cards shown at a time (theme/ocop/listing.html)
  var staticCards = grid.innerHTML;
  var staticCount = count.textContent;
  var bundle, shown = [], asked = 0;

  function pagefind() {
    if (!bundle) {
      bundle = import(new URL("pagefind/catalog/pagefind.js", root).href).then(function (found) {
        return found.options({ baseUrl: root.pathname })
          .then(function () { return found.filters(); }) // every filter's values, for the counts
          .then(function () { return found; });
      });
    }
    return bundle;
  }

  function state() {
    var chosen = new URLSearchParams(location.search);
    var filters = {};
    FILTERS.forEach(function (name) {
      var value = chosen.get(name);
      if (value) filters[name] = value;
    });
    var sort = SORTS[chosen.get("sort")] ? chosen.get("sort") : "stars";
    return { filters: filters, sort: sort };
  }

  function save() {
    var query = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var field = form.elements[name];
      var value = field ? field.value : new URLSearchParams(location.search).get(name);
      if (value) query.set(name, value);
    });
    if (form.elements.sort.value !== "stars") query.set("sort", form.elements.sort.value);
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function fill(result) {
    var item = card.content.cloneNode(true);
    var meta = result.meta;
    item.querySelector(".ocop-card__link").href = result.url;
    item.querySelector(".ocop-card__name").textContent = meta.title;
    var image = item.querySelector("img");
    if (meta.image) image.src = new URL(meta.image, root).href;
    else image.removeAttribute("src");
    var stars = document.querySelector("template[data-ocop-stars='" + meta.stars + "']");
    if (stars) item.querySelector(".ocop-card__stars").appendChild(stars.content.cloneNode(true));
    item.querySelector(".ocop-card__group").textContent = meta.group;
    item.querySelector(".ocop-card__producer").textContent = meta.producer;
    item.querySelector(".ocop-card__commune").textContent = meta.commune;
    grid.appendChild(item);
  }

  function showMore() {
    var button = more.querySelector("button");
    var next = shown.slice(grid.children.length, grid.children.length + PAGE);
    button.disabled = true; // one page at a time, however fast the taps
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (results) {
      results.forEach(fill);
      more.hidden = grid.children.length >= shown.length;
      button.disabled = false;
    });
  }

  // Each option says how many products it would leave with the other filters as they are.
  function counts(found, filters) {
    return Promise.all(FILTERS.map(function (name) {
      var field = form.elements[name];
      if (!field) return null;
      var others = Object.assign({}, filters);
      delete others[name];
      return found.search(null, { filters: others }).then(function (search) {
        Array.prototype.forEach.call(field.options, function (option) {
          if (!option.value) return;
          option.dataset.label = option.dataset.label || option.textContent;
          option.textContent = option.dataset.label + " (" + ((search.filters[name] || {})[option.value] || 0) + ")";
        });
      });
    }));
  }

  function apply() {
    var current = state();
    var asking = ++asked;
    var browsing = Object.keys(current.filters).length || current.sort !== "stars";
    if (!browsing && form.hidden && !bundle) return; // the page's own cards are the catalog's first
    pagefind().then(function (found) {
      var sort = {};
      sort[SORTS[current.sort][0]] = SORTS[current.sort][1];
      return found.search(null, { filters: current.filters, sort: sort }).then(function (search) {
        if (asking !== asked) return;
        counts(found, current.filters);
        if (!browsing) {
          grid.innerHTML = staticCards;
          count.textContent = staticCount;
          more.hidden = true;
          return;
        }
        shown = search.results;
        grid.textContent = "";
        count.textContent = count.dataset.template
          .replace("{n}", search.results.length)
          .replace("{total}", count.dataset.total);
        return showMore();
      });
    });
  }

  var initial = state();
  FILTERS.forEach(function (name) {
    var field = form.elements[name];
    if (field && initial.filters[name]) field.value = initial.filters[name];
  });
  form.elements.sort.value = initial.sort;
  form.addEventListener("change", function () { save(); apply(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { history.replaceState(null, "", location.pathname); apply(); }, 0);
  });
  function open(shown) {
    toggle.setAttribute("aria-expanded", String(shown));
    form.hidden = !shown;
    if (shown && !bundle) apply(); // the counts, once someone looks at the filters
  }
  toggle.addEventListener("click", function () { open(form.hidden); });
  more.querySelector("button").addEventListener("click", showMore);
  document.querySelector(".ocop-filter__static").hidden = true;
  filters.hidden = false;
  if (Object.keys(initial.filters).length) open(true);
  apply();
})();
