// Search as one types, in the header's search box and on the search page, from the Pagefind
// bundle of generator/site/search.py. Nothing is downloaded until a search is opened; the
// bundle's index of the page's language (<html lang>) then loads piece by piece. The words and
// the markup of a result come from the page (theme/ocop/_result.html), the results' text is set
// as text, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script.src); // the site's root: this file is in javascripts/
  var bundle;

  function pagefind() {
    if (!bundle) {
      bundle = import(new URL("pagefind/search/pagefind.js", root).href).then(function (found) {
        return found.options({ baseUrl: root.pathname }).then(function () { return found; });
      });
    }
    return bundle;
  }

  function word(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return values[name]; });
  }

  function Search(box) {
    this.box = box;
    this.input = box.querySelector("input[name=q]");
    this.status = box.querySelector("[data-ocop-search-status]");
    this.list = box.querySelector("[data-ocop-search-results]");
    this.template = box.querySelector("template[data-ocop-result]");
    this.words = this.template.dataset;
    this.asked = 0;
  }

  // The words of a query that are worth searching: a single letter or digit is not (it is the
  // start of a tenth of the catalog's words), and each term costs the download of the index
  // chunk holding its place in the alphabet, some 40 kB at national scale. So "nuoc m" searches
  // "nuoc" until the next letter comes. A single Chinese character is a word, and stays.
  var LONE_LETTER = /^[\p{Script=Latin}\p{N}]$/u;

  function searchable(query) {
    return query.split(/\s+/).filter(function (term) { return !LONE_LETTER.test(term); }).join(" ");
  }

  Search.prototype.run = function () {
    var self = this;
    var query = searchable(this.input.value.trim());
    var asked = ++this.asked;
    if (!query) {
      this.show([], this.words.hint);
      return;
    }
    this.status.textContent = this.words.loading;
    pagefind()
      .then(function (found) { return found.debouncedSearch(query, {}, 150); })
      .then(function (search) {
        if (!search || asked !== self.asked) return null; // a newer query took over
        return Promise.all(search.results.slice(0, 12).map(function (r) { return r.data(); }))
          .then(function (results) {
            if (asked !== self.asked) return;
            var total = search.results.length;
            self.show(results, total ? word(self.words.count, { n: total }) : self.words.none);
          });
      })
      .catch(function () { self.status.textContent = self.words.none; });
  };

  Search.prototype.show = function (results, status) {
    var self = this;
    this.status.textContent = status;
    this.list.textContent = "";
    results.forEach(function (result) {
      var item = self.template.content.cloneNode(true);
      var meta = result.meta;
      item.querySelector("a").href = result.url;
      item.querySelector(".ocop-result__title").textContent = meta.title;
      var image = item.querySelector("img");
      if (meta.image) image.src = new URL(meta.image, root).href;
      else image.remove();
      var parts = meta.stars // a product's; a producer's has its number of products
        ? ["★ " + word(self.words.stars, { n: meta.stars }), meta.producer, meta.commune]
        : [meta.producer, meta.commune, self.products(meta.products)];
      item.querySelector(".ocop-result__meta").textContent = parts.filter(Boolean).join(" · ");
      self.list.appendChild(item);
    });
  };

  Search.prototype.products = function (count) {
    var n = Number(count);
    return word(n === 1 ? this.words.productsOne : this.words.productsOther, { n: n });
  };

  // Arrow keys move between the box and the results; Escape closes the header's search.
  Search.prototype.keys = function (event, toggle) {
    var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? this.input : links[at - 1]).focus();
      event.preventDefault();
    } else if (event.key === "Escape" && toggle) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  };

  document.querySelectorAll("[data-ocop-search]").forEach(function (box) {
    var search = new Search(box);
    var toggle = box.closest(".md-header") ? document.getElementById("__search") : null;
    box.addEventListener("input", function () { search.run(); });
    box.addEventListener("reset", function () { setTimeout(function () { search.run(); }, 0); });
    box.addEventListener("keydown", function (event) { search.keys(event, toggle); });
    if (toggle) {
      // The header's search opens over the page: results as one types, the search page on Enter.
      // On a wide screen its box is in the header itself, and opens the results when focused.
      search.input.addEventListener("focus", function () {
        if (toggle.checked) return;
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      });
      toggle.addEventListener("change", function () {
        if (toggle.checked) {
          search.input.focus();
          pagefind();
        } else {
          search.input.blur();
        }
      });
    } else {
      // The search page: the query comes in the link, and stays there as it changes.
      search.input.value = new URLSearchParams(location.search).get("q") || "";
      box.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
      box.addEventListener("input", function () {
        var query = search.input.value.trim();
        history.replaceState(null, "", location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
      });
      search.run();
    }
  });
})();
