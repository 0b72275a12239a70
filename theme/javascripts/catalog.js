// Catalog filters: instant filtering and sorting of the product cards already in the page.
// The state lives in the URL query (?group=food&stars=4&sort=newest), so a filtered view is a
// link people can share. Without JavaScript the form stays hidden and the static index pages
// (per group, rating and commune) do the same job.
(function () {
  "use strict";
  var form = document.querySelector("[data-ocop-filter]");
  var grid = document.querySelector("[data-ocop-grid]");
  if (!form || !grid) return;
  var cards = Array.prototype.slice.call(grid.children);
  var count = form.querySelector("[data-ocop-count]");
  var fields = ["group", "stars", "commune", "producer"];
  var sorters = {
    name: function (a, b) { return a.dataset.name.localeCompare(b.dataset.name, "vi"); },
    stars: function (a, b) { return b.dataset.stars - a.dataset.stars || sorters.name(a, b); },
    newest: function (a, b) { return (b.dataset.newest || "").localeCompare(a.dataset.newest || "") || sorters.name(a, b); }
  };

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var match = fields.every(function (name) {
        var wanted = form.elements[name].value;
        return !wanted || card.dataset[name] === wanted;
      });
      card.hidden = !match;
      if (match) shown += 1;
    });
    var sort = sorters[form.elements.sort.value] || sorters.stars;
    cards.slice().sort(sort).forEach(function (card) { grid.appendChild(card); });
    count.textContent = count.dataset.template.replace("{n}", shown);
  }

  function save() {
    var query = new URLSearchParams();
    fields.concat("sort").forEach(function (name) {
      var value = form.elements[name].value;
      if (value && !(name === "sort" && value === "stars")) query.set(name, value);
    });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  var initial = new URLSearchParams(location.search);
  fields.concat("sort").forEach(function (name) {
    var value = initial.get(name);
    var select = form.elements[name];
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
      select.value = value;
    }
  });
  form.addEventListener("change", function () { apply(); save(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(); save(); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
