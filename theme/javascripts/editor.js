// The record editor (/contribute/editor/). The form is generated from the record schema at build
// time; this script reads it, checks each value as it is typed with the validator's own words
// (the page's data: #ocop-editor-data), previews the trace page, writes the record the way
// `ocop new` does and hands it to the code host's new-file page. Nothing leaves the browser but
// that link, when the producer follows it; the only request is the site's own catalog.json.
(function () {
  "use strict";
  var form = document.querySelector("[data-ocop-editor]");
  var dataNode = document.getElementById("ocop-editor-data");
  if (!form || !dataNode || !window.fetch) return;
  var D = JSON.parse(dataNode.textContent);
  var W = D.words;
  var E = W.editor;
  // GitHub answers "414 URI Too Long" above 8,192 bytes; the rest of the link takes some.
  var URL_LIMIT = 8000;
  var STEPS = { batch: ["pick", "batch", "preview", "send"], certificate: ["pick", "certificate", "send"], photos: ["pick", "photos"] };

  // --- Words ------------------------------------------------------------------------------

  // Python's str.format as the messages and interface words use it: {name}, {name:02d}, {{ }}.
  function format(template, params) {
    return template.replace(/\{\{|\}\}|\{(\w+)(?::0(\d)d)?\}/g, function (all, name, width) {
      if (all === "{{") return "{";
      if (all === "}}") return "}";
      if (!(name in params)) return all;
      var value = String(params[name]);
      return width ? ("0000" + value).slice(-Math.max(+width, value.length)) : value;
    });
  }

  // A value as the validator shows it in a message (problems._show): invisible characters
  // written as escapes, long values cut.
  function shown(value) {
    var text = String(value).replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
    return text.length <= 160 ? text : text.slice(0, 157) + "…";
  }

  function message(code, params) {
    var visible = {};
    Object.keys(params || {}).forEach(function (key) { visible[key] = shown(params[key]); });
    return format(D.messages[code], visible);
  }

  function pick(texts) {
    // Text in the page's language, else along its fallback chain (the trace page's rule).
    if (!texts) return "";
    if (typeof texts === "string") return texts;
    var code = D.chain.filter(function (c) { return texts[c]; })[0];
    return code ? texts[code] : "";
  }

  function place(text, defaultKind) {
    // A commune or district as this language writes it (generator/site/places.py): "xã Ba Chẽ"
    // is "Ba Chẽ commune" in English; a name without its kind takes ``defaultKind``.
    var folded = text.toLowerCase();
    var found = D.places.filter(function (p) { return folded.indexOf(p[0] + " ") === 0 && text.length > p[0].length + 1; })[0];
    var kind = found ? found[1] : defaultKind;
    var name = found ? text.slice(found[0].length + 1) : text;
    return kind ? format(W.units[kind], { name: name }) : name;
  }

  // --- Reading the form ---------------------------------------------------------------------
  // A field is read into a node: {kind, value} for one value, {kind: "mapping" or "localized",
  // entries: [[name, node or text]…]} or {kind: "list", items}; undefined when left empty.
  // Each problem keeps the element that shows it, next to the field.

  function children(element) {
    return Array.prototype.filter.call(element.children, function (child) { return child.hasAttribute("data-field"); });
  }

  function rulesOf(element) {
    return JSON.parse(element.getAttribute("data-rules") || "{}");
  }

  function isoDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return false;
    var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return day.getUTCMonth() === +match[2] - 1 && day.getUTCDate() === +match[3];
  }

  // What the validator says of a value that is not one of its kind at all.
  var NOT_A_VALUE = { integer: "int_number", number: "number", date: "ocop_date", datetime: "ocop_datetime" };

  function readScalar(kind, control, rules, report) {
    var raw = control.value.trim();
    if (control.validity && control.validity.badInput) return report(NOT_A_VALUE[kind], { input: raw }), undefined;
    if (!raw) return undefined;
    if (kind === "date" || kind === "datetime") {
      if (!isoDate(raw)) report(NOT_A_VALUE[kind], { input: raw });
      return { kind: kind, value: raw };
    }
    if (kind === "number" || kind === "integer") {
      var number = Number(raw);
      if (!isFinite(number)) return report(NOT_A_VALUE[kind], {}), undefined;
      if (kind === "integer" && !Number.isInteger(number)) report("int_number", {});
      else if ("exclusiveMinimum" in rules && !(number > rules.exclusiveMinimum)) report("range_gt", { gt: rules.exclusiveMinimum });
      else if ("minimum" in rules && number < rules.minimum) report("range_ge", { ge: rules.minimum });
      else if ("maximum" in rules && number > rules.maximum) report("range_le", { le: rules.maximum });
      return { kind: kind, value: number };
    }
    if (kind === "media") {
      var value = mediaPrefix(control) + raw;
      var parts = raw.split("/");
      if (/[\\:]/.test(raw) || raw.charAt(0) === "/" || parts.some(function (p) { return p === "" || p === "." || p === ".."; })) {
        report("ocop_media_path", { input: value });
      } else {
        var allowed = D.media[rules["x-media"]] || [];
        var dot = raw.lastIndexOf(".");
        if (dot < 0 || allowed.indexOf(raw.slice(dot).toLowerCase()) < 0) report("ocop_media_ext", { input: value, allowed: allowed.join(", ") });
      }
      return { kind: kind, value: value };
    }
    if ("maxLength" in rules && raw.length > rules.maxLength) report("string_too_long", { max_length: rules.maxLength });
    return { kind: kind, value: raw };
  }

  // Media paths are relative to the record file: a batch is two folders below the producer's.
  function mediaPrefix(control) {
    return control.closest("[data-form]").getAttribute("data-form") === "batch" ? "../../media/" : "../media/";
  }

  // The fields directly inside ``container``, in order.
  function readFields(container, problems) {
    var entries = [];
    children(container).forEach(function (child) {
      var node = read(child, problems);
      if (node !== undefined) entries.push([child.getAttribute("data-name"), node]);
    });
    return entries;
  }

  function missing(container, entries, problems) {
    var given = entries.map(function (e) { return e[0]; });
    children(container).forEach(function (child) {
      if (child.hasAttribute("data-required") && given.indexOf(child.getAttribute("data-name")) < 0) {
        problems.push({ code: "missing", params: {}, element: child });
      }
    });
  }

  // A group of fields is written once something in it is filled in; then what it requires is too.
  function readMapping(container, problems) {
    var entries = readFields(container, problems);
    if (!entries.length) return undefined;
    missing(container, entries, problems);
    return { kind: "mapping", entries: entries };
  }

  function read(element, problems) {
    var kind = element.getAttribute("data-kind");
    var rules = rulesOf(element);
    function report(code, params) { problems.push({ code: code, params: params, element: element }); }
    if (kind === "mapping") return readMapping(element, problems);
    if (kind === "list") {
      var items = [];
      itemsOf(element).forEach(function (item) {
        var scalar = item.querySelector(":scope > [data-scalar]");
        var node = scalar
          ? readScalar(scalar.getAttribute("data-kind"), scalar.querySelector("[data-value]"), rules, function (code, params) {
            problems.push({ code: code, params: params, element: scalar });
          })
          : readMapping(item, problems);
        if (node !== undefined) items.push(node);
      });
      if (!items.length) return undefined;
      if ("minItems" in rules && items.length < rules.minItems) report("too_short", { min_length: rules.minItems });
      return { kind: kind, items: items };
    }
    if (kind === "localized" || kind === "markdown") {
      var texts = [];
      element.querySelectorAll("[data-lang]").forEach(function (input) {
        var text = input.value.trim();
        if (text) texts.push([input.getAttribute("data-lang"), text]);
      });
      if (!texts.length) return undefined;
      if (!texts.some(function (t) { return t[0] === D.default; })) report("ocop_vi_required", {});
      return { kind: "localized", entries: texts };
    }
    return readScalar(kind, element.querySelector("[data-value]"), rules, report);
  }

  function readForm(task) {
    var section = form.querySelector('[data-form="' + task + '"]');
    var problems = [];
    var entries = readFields(section, problems);
    missing(section, entries, problems); // the record's own required fields, even in an empty form
    var record = { kind: "mapping", entries: entries };
    problems = problems.concat(task === "batch" ? batchRules(record, section) : certificateRules(record, section));
    return { record: record, problems: problems };
  }

  // --- Rules between fields (the validator's rules.py), where a browser can check them --------

  function plain(node) {
    if (!node) return undefined;
    if (node.kind === "list") return node.items.map(plain);
    if (node.kind === "mapping" || node.kind === "localized") {
      var object = {};
      node.entries.forEach(function (e) { object[e[0]] = node.kind === "localized" ? e[1] : plain(e[1]); });
      return object;
    }
    return node.value;
  }

  function fieldElement(section, names) {
    var element = section;
    names.forEach(function (name) {
      element = typeof name === "number"
        ? itemsOf(element)[name]
        : children(element).filter(function (c) { return c.getAttribute("data-name") === name; })[0];
    });
    return element;
  }

  // ``later`` must come after ``earlier`` (strictly, or on the same day too).
  function after(section, record, later, earlier, strictly) {
    var a = later.reduce(function (o, k) { return o && o[k]; }, record);
    var b = earlier.reduce(function (o, k) { return o && o[k]; }, record);
    if (!a || !b || !isoDate(a) || !isoDate(b) || a > b || (!strictly && a === b)) return [];
    return [{
      code: strictly ? "date_order" : "date_not_before",
      params: { field: later.join("."), value: a, other_field: earlier.join("."), other_value: b },
      element: fieldElement(section, later)
    }];
  }

  function batchRules(node, section) {
    var record = plain(node);
    var found = after(section, record, ["packaged"], ["produced"], false)
      .concat(after(section, record, ["expires"], ["produced"], true))
      .concat(after(section, record, ["expires"], ["packaged"], true));
    var events = record.events || [];
    for (var i = 1; i < events.length; i += 1) {
      var previous = events[i - 1].date;
      var current = events[i].date;
      if (isoDate(previous || "") && isoDate(current || "") && current < previous) {
        var list = fieldElement(section, ["events"]);
        found.push({
          code: "events_order",
          params: { value: current, previous: previous },
          element: fieldElement(list, [i, "date"]) || list
        });
      }
    }
    return found;
  }

  function certificateRules(node, section) {
    return after(section, plain(node), ["ocop", "expires"], ["ocop", "issued"], true);
  }

  // --- Showing problems ---------------------------------------------------------------------

  var revealed = {}; // steps whose every problem is shown (after "Next" was pressed on them)

  function errorSlot(element) {
    return element.querySelector(":scope > [data-error]") || element.querySelector("[data-error]");
  }

  function show(problems, step) {
    form.querySelectorAll("[data-error]").forEach(function (slot) {
      if (!slot.closest('[data-step="' + step + '"]')) return;
      slot.hidden = true;
      slot.textContent = "";
    });
    form.querySelectorAll('[data-step="' + step + '"] [aria-invalid]').forEach(function (c) { c.removeAttribute("aria-invalid"); });
    var visible = problems.filter(function (p) { return revealed[step] || touched(p.element); });
    visible.forEach(function (problem) {
      var slot = errorSlot(problem.element);
      if (!slot) return;
      slot.hidden = false;
      slot.textContent = (slot.textContent ? slot.textContent + " " : "") + problem.text;
      problem.element.querySelectorAll("[data-value], [data-lang]").forEach(function (c) { c.setAttribute("aria-invalid", "true"); });
    });
    var summary = form.querySelector("[data-summary]");
    summary.hidden = !(revealed[step] && problems.length);
    summary.textContent = summary.hidden ? "" : format(E.errors, { n: problems.length });
  }

  function touched(element) {
    return !!element && (element.hasAttribute("data-touched") || !!element.querySelector("[data-touched]"));
  }

  // --- Lists --------------------------------------------------------------------------------

  function itemsOf(list) {
    var holder = list.querySelector(":scope > [data-items]");
    return holder ? Array.prototype.slice.call(holder.children) : [];
  }

  // Labels name their control by its id (a label around a control would add the control's value
  // to its name); controls cloned from a template get theirs here.
  var ids = 0;
  function labelControls(root) {
    root.querySelectorAll("label[data-for]").forEach(function (label) {
      var next = label.nextElementSibling;
      var control = next.matches("[data-value], [data-lang]") ? next : next.querySelector("[data-value], [data-lang]");
      ids += 1;
      control.id = "ocop-editor-field-" + ids;
      label.htmlFor = control.id;
      label.removeAttribute("data-for");
    });
  }

  function addItem(list) {
    var template = list.querySelector(":scope > [data-item-template]");
    var item = template.content.firstElementChild.cloneNode(true);
    labelControls(item);
    list.querySelector(":scope > [data-items]").appendChild(item);
    // A list that is filled in must have at least one item of each list inside it (events).
    item.querySelectorAll("[data-kind=list][data-required]").forEach(addItem);
    numberItems(list);
    return item;
  }

  function numberItems(list) {
    var items = itemsOf(list);
    items.forEach(function (item, index) {
      item.querySelector("[data-item-number]").textContent = "#" + (index + 1);
      item.querySelector('[data-move="-1"]').disabled = index === 0;
      item.querySelector('[data-move="1"]').disabled = index === items.length - 1;
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var list = button.closest("[data-kind=list]");
    if (button.hasAttribute("data-add")) {
      var item = addItem(list);
      var first = item.querySelector("[data-value], [data-lang]");
      if (first) first.focus();
    } else if (button.hasAttribute("data-remove") || button.hasAttribute("data-move")) {
      var current = button.closest("[data-item]");
      var holder = current.parentNode;
      if (button.hasAttribute("data-remove")) holder.removeChild(current);
      else if (button.getAttribute("data-move") === "-1") holder.insertBefore(current, current.previousElementSibling);
      else holder.insertBefore(current.nextElementSibling, current);
      numberItems(list);
    } else {
      return;
    }
    refresh();
  });

  // --- The record file, in the style of `ocop new` --------------------------------------------

  var YAML_WORDS = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

  // A text as YAML that reads back as exactly this text, in YAML 1.2 and 1.1 alike: plain when
  // it surely can be, else double-quoted (a JSON string is a YAML double-quoted scalar).
  function yamlText(text) {
    var plainSafe = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,;()\/%+&'’“”!?–—_-]*$/u.test(text) &&
      !/\s$/.test(text) && !YAML_WORDS.test(text) &&
      !/^[0-9][0-9A-Za-z_.,+-]*$/.test(text); // numbers, dates, hexadecimal and the like
    if (plainSafe) return text;
    return JSON.stringify(text).replace(/[\u2028\u2029\u0085]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16);
    });
  }

  function yamlLines(name, node, indent) {
    var pad = new Array(indent + 1).join(" ");
    if (node.kind === "mapping" || node.kind === "localized") {
      var lines = [pad + name + ":"];
      node.entries.forEach(function (e) {
        if (node.kind === "localized") lines.push(pad + "  " + e[0] + ": " + yamlText(e[1]));
        else lines = lines.concat(yamlLines(e[0], e[1], indent + 2));
      });
      return lines;
    }
    if (node.kind === "list") {
      var out = [pad + name + ":"];
      node.items.forEach(function (item) {
        if (item.kind !== "mapping") {
          out.push(pad + "  - " + scalar(item));
          return;
        }
        // The item's fields four spaces in, its first line starting with "- " two spaces in.
        var itemLines = [];
        item.entries.forEach(function (e) { itemLines = itemLines.concat(yamlLines(e[0], e[1], indent + 4)); });
        itemLines[0] = pad + "  - " + itemLines[0].slice(indent + 4);
        out = out.concat(itemLines);
      });
      return out;
    }
    return [pad + name + ": " + scalar(node)];
  }

  function scalar(node) {
    if (node.kind === "number" || node.kind === "integer") return String(node.value);
    if ((node.kind === "date" || node.kind === "datetime") && isoDate(node.value)) return node.value;
    return yamlText(node.value);
  }

  function recordText(record, header) {
    var lines = header.slice();
    record.entries.forEach(function (e) { lines = lines.concat(yamlLines(e[0], e[1], 0)); });
    return lines.join("\n") + "\n";
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }

  // --- The catalog, and what was picked --------------------------------------------------------

  var catalog = null;
  var status = form.querySelector("[data-status]");
  var producerSelect = form.querySelector('[data-pick="producer"] [data-value]');
  var productSelect = form.querySelector('[data-pick="product"] [data-value]');
  var lotInput = form.querySelector('[data-pick="lot"] [data-value]');

  function byName(a, b) { return pick(a.name).localeCompare(pick(b.name), D.lang); }

  function option(value, text) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    return element;
  }

  function fillProducts() {
    while (productSelect.options.length > 1) productSelect.remove(1);
    var producer = producerSelect.value;
    if (!catalog || !producer) return;
    catalog.products.filter(function (p) { return p.producer === producer && p.status !== "withdrawn"; })
      .sort(byName).forEach(function (p) { productSelect.appendChild(option(p.id, pick(p.name))); });
    if (productSelect.options.length === 2) productSelect.selectedIndex = 1;
  }

  function chosen() {
    var product = catalog && catalog.products.filter(function (p) { return p.id === productSelect.value; })[0];
    var producer = catalog && catalog.producers.filter(function (p) { return p.id === producerSelect.value; })[0];
    return { product: product, producer: producer };
  }

  function task() {
    return form.querySelector("input[name=task]:checked").value;
  }

  function pickProblems() {
    var problems = [];
    var picked = chosen();
    function missing(name) {
      var element = form.querySelector('[data-pick="' + name + '"]');
      problems.push({ code: "missing", params: {}, element: element });
    }
    if (!picked.producer) missing("producer");
    if (!picked.product) missing("product");
    if (task() === "batch") {
      var lot = lotInput.value.trim();
      var element = form.querySelector('[data-pick="lot"]');
      var rules = rulesOf(element);
      if (!lot) missing("lot");
      else if (!new RegExp(rules.pattern).test(lot) || !lot.replace(/\./g, "")) {
        problems.push({ code: "ocop_lot", params: { input: lot }, element: element });
      } else if (picked.product && picked.product.batches.indexOf(lot) >= 0) {
        problems.push({ text: format(E.lot_taken, { lot: lot }), element: element });
      }
    }
    return problems;
  }

  // --- Steps --------------------------------------------------------------------------------

  var current = "pick";

  function stepsNow() { return STEPS[task()]; }

  function problemsOf(step) {
    var problems = step === "pick" ? pickProblems() : step === "batch" || step === "certificate" ? readForm(step).problems : [];
    problems.forEach(function (p) { if (!p.text) p.text = message(p.code, p.params); });
    return problems;
  }

  function refresh() {
    if (current === "pick" || current === "batch" || current === "certificate") show(problemsOf(current), current);
    form.querySelectorAll("[data-pick=lot]").forEach(function (el) { el.hidden = task() !== "batch"; });
  }

  function go(step, initial) {
    current = step;
    var steps = stepsNow();
    form.querySelectorAll("[data-step]").forEach(function (section) {
      section.hidden = section.getAttribute("data-step") !== step;
    });
    form.querySelector("[data-progress]").textContent =
      format(E.step, { n: steps.indexOf(step) + 1, count: steps.length }) + " · " + E.steps[step];
    form.querySelector("[data-back]").hidden = step === "pick";
    form.querySelector("[data-next]").hidden = steps.indexOf(step) === steps.length - 1;
    if (step === "certificate") prefillCertificate();
    if (step === "preview") renderPreview();
    if (step === "send") prepareSend();
    if (step === "photos") links();
    refresh();
    form.querySelector("[data-summary]").hidden = true;
    if (!initial) form.scrollIntoView({ block: "start" });
  }

  form.querySelector("[data-next]").addEventListener("click", function () {
    var problems = problemsOf(current);
    if (problems.length) {
      revealed[current] = true;
      show(problems, current);
      var first = problems[0].element && problems[0].element.querySelector("[data-value], [data-lang]");
      if (first) first.focus();
      return;
    }
    var steps = stepsNow();
    go(steps[steps.indexOf(current) + 1]);
  });

  form.querySelector("[data-back]").addEventListener("click", function () {
    var steps = stepsNow();
    go(steps[Math.max(0, steps.indexOf(current) - 1)]);
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", refresh);
  form.addEventListener("change", function (event) {
    var field = event.target.closest("[data-field], [data-pick], [data-scalar]");
    if (field) field.setAttribute("data-touched", "");
    if (event.target === producerSelect) fillProducts();
    refresh();
  });
  form.addEventListener("focusout", function (event) {
    var field = event.target.closest("[data-field], [data-pick], [data-scalar]");
    if (field && event.target.matches("[data-value], [data-lang]")) {
      field.setAttribute("data-touched", "");
      refresh();
    }
  });

  // --- Certificate ----------------------------------------------------------------------------

  var prefilled = null;

  function prefillCertificate() {
    var product = chosen().product;
    if (!product || prefilled === product.id) return;
    prefilled = product.id;
    var section = form.querySelector('[data-form="certificate"]');
    var block = fieldElement(section, ["ocop"]);
    children(block).forEach(function (child) {
      var value = product.ocop[child.getAttribute("data-name")];
      child.querySelectorAll("[data-value]").forEach(function (c) { c.value = value === null || value === undefined ? "" : value; });
      child.querySelectorAll("[data-lang]").forEach(function (c) {
        c.value = value && typeof value === "object" ? value[c.getAttribute("data-lang")] || "" : "";
      });
    });
  }

  // --- Hand-off -------------------------------------------------------------------------------

  function repoLink(action, path) {
    return D.repository + "/" + action + "/" + encodeURIComponent(D.branch) + (path ? "/" + path.split("/").map(encodeURIComponent).join("/") : "");
  }

  function recordPath(pattern) {
    var picked = chosen();
    return pattern.replace("<producer-id>", picked.producer.id).replace("<product-id>", picked.product.id).replace("<lot>", lotInput.value.trim());
  }

  function setLink(name, href) {
    form.querySelectorAll('[data-link="' + name + '"]').forEach(function (a) {
      a.hidden = !href || !D.repository;
      if (href) a.href = href;
    });
  }

  function links() {
    var picked = chosen();
    setLink("upload", picked.producer && repoLink("upload", "products/" + picked.producer.id + "/media"));
    setLink("fork", D.repository + "/fork");
    setLink("edit", picked.product && repoLink("edit", recordPath(D.files.product)));
  }

  function prepareSend() {
    var kind = task();
    var record = readForm(kind).record;
    var text;
    var path;
    form.querySelectorAll("[data-send-lead]").forEach(function (p) { p.hidden = p.getAttribute("data-send-lead") !== kind; });
    links();
    if (kind === "batch") {
      path = recordPath(D.files.batch);
      text = recordText(record, ["# yaml-language-server: $schema=" + D.schema, "# " + format(E.file_comment, { date: today() })]);
      var send = repoLink("new", "") + "?filename=" + path.split("/").map(encodeURIComponent).join("/");
      var full = send + "&value=" + encodeURIComponent(text);
      var tooLong = full.length > URL_LIMIT;
      setLink("send", tooLong ? send : full);
      setLink("edit", null);
      form.querySelector("[data-too-long]").hidden = !tooLong || !D.repository;
    } else {
      path = recordPath(D.files.product);
      text = recordText(record, []);
      setLink("send", null);
      form.querySelector("[data-too-long]").hidden = true;
    }
    form.querySelector("[data-no-repository]").hidden = !!D.repository;
    form.querySelector("[data-file-path]").textContent = path;
    form.querySelector("[data-file-text]").value = text;
    form.querySelector("[data-copied]").textContent = "";
  }

  form.querySelector("[data-copy]").addEventListener("click", function () {
    var area = form.querySelector("[data-file-text]");
    var done = function () { form.querySelector("[data-copied]").textContent = E.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, function () { area.select(); });
    } else {
      area.select();
      if (document.execCommand("copy")) done();
    }
  });

  // --- Preview of the trace page (theme/ocop/batch.html, with the site's classes and words) ---

  function el(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    [].concat(content === undefined ? [] : content).forEach(function (part) {
      if (part === null || part === undefined || part === "") return;
      element.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return element;
  }

  // Text in the page's language, or the default one marked as untranslated (View.t).
  function t(texts) {
    if (!texts) return "";
    if (typeof texts === "string") texts = { vi: texts };
    if (texts[D.lang]) return texts[D.lang];
    var span = el("span", "ocop-untranslated", [texts[D.default] || "", el("span", "ocop-untranslated__mark", W.untranslated)]);
    span.lang = D.default;
    span.title = W.untranslated_title;
    return span;
  }

  function dateText(iso) {
    if (!iso) return "";
    var parts = iso.split("-").map(Number);
    return format(W.date_format, { day: parts[2], month: parts[1], year: parts[0], month_name: W.months[parts[1] - 1] });
  }

  function numberText(value) {
    var text = Number(value).toLocaleString("en-US", Number.isInteger(value) ? { maximumFractionDigits: 0 } : { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return D.lang === "en" ? text : text.replace(/,/g, "\u202f");
  }

  function fact(label, value) {
    if (!value) return null;
    return el("div", "ocop-fact", [el("dt", null, label), el("dd", null, [].concat(value))]);
  }

  function withBreaks(parts) {
    var out = [];
    parts.forEach(function (part) {
      if (part === null || part === undefined || part === "" || (Array.isArray(part) && !part.length)) return;
      if (out.length) out.push(document.createElement("br"));
      out = out.concat(part);
    });
    return out;
  }

  function stars(n) {
    var span = el("span", "ocop-stars", [new Array(n + 1).join("★"), el("span", "ocop-stars__empty", new Array(6 - n).join("★"))]);
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", format(W.stars_label, { n: n }));
    return span;
  }

  function renderPreview() {
    var L = W.labels;
    var r = plain(readForm("batch").record);
    var picked = chosen();
    var product = picked.product;
    var producer = picked.producer;
    var article = el("article", "ocop-page ocop-trace");
    article.appendChild(el("section", "ocop-status ocop-status--released", el("p", "ocop-status__title", "✓ " + W.status.released)));
    article.appendChild(el("h1", null, [t(product.name), " ", el("span", "ocop-lot", L.lot + " " + lotInput.value.trim())]));
    var where = [place(producer.commune), producer.district_legacy ? " (" + format(L.former_district, { place: place(producer.district_legacy, "district") }) + ")" : ""];
    var phone = producer.contact && producer.contact.phone;
    var expired = product.ocop.expired;
    article.appendChild(el("dl", "ocop-facts ocop-facts--key", [
      fact(L.product, [t(product.name), product.net_content ? " · " + product.net_content : ""]),
      fact(L.gtin, product.gtin),
      fact(L.producer, withBreaks([t(producer.name), t(producer.address), where, producer.business_id ? L.business_id + ": " + producer.business_id : "", phone ? L.phone + ": " + phone : ""])),
      fact(L.produced, dateText(r.produced)),
      fact(L.packaged, dateText(r.packaged)),
      fact(L.expires, dateText(r.expires)),
      r.quantity ? fact(L.quantity, numberText(r.quantity.amount) + " " + pick(r.quantity.unit)) : null,
      fact(L.certificate, [stars(product.ocop.stars), " ",
        el("span", "ocop-badge ocop-badge--" + (expired ? "expired" : "valid"), expired ? L.cert_expired : L.cert_valid),
        document.createElement("br"), product.ocop.decision + " · " + L.valid_until + " " + dateText(product.ocop.valid_until)])
    ]));
    article.appendChild(el("h2", null, L.origin));
    article.appendChild(el("dl", "ocop-facts", [fact(L.area, t(r.origin.area)), fact(L.commune, r.origin.commune ? place(r.origin.commune) : "")]));
    if (r.origin.location) article.appendChild(el("p", null, el("a", null, L.map)));
    if (r.inputs && r.inputs.length) {
      article.appendChild(el("h2", null, L.inputs));
      article.appendChild(el("ul", "ocop-list", r.inputs.map(function (input) {
        return el("li", null, withBreaks([el("strong", null, t(input.material)),
          input.supplier ? [L.supplier + ": ", t(input.supplier)] : null,
          input.lot ? L.material_lot + ": " + input.lot : null,
          input.origin ? [L.material_origin + ": ", t(input.origin)] : null]));
      })));
    }
    article.appendChild(el("h2", null, L.timeline));
    article.appendChild(el("ol", "ocop-timeline", (r.events || []).map(function (event) {
      var time = el("time", null, dateText(event.date));
      time.setAttribute("datetime", event.date || "");
      var parts = [el("p", "ocop-timeline__head", [el("strong", null, W.steps[event.step] || ""), " · ", time]),
        el("p", null, withBreaks([[L.place + ": ", t(event.place)], event.actor ? [L.actor + ": ", t(event.actor)] : null]))];
      if (event.note) parts.push(el("p", "ocop-timeline__note", t(event.note)));
      if (event.documents && event.documents.length) {
        var files = [L.attached + ": "];
        event.documents.forEach(function (d, i) {
          if (i) files.push(", ");
          files.push(el("a", null, L.open_file + " " + (i + 1)));
        });
        parts.push(el("p", null, files));
      }
      return el("li", "ocop-timeline__event", parts);
    })));
    if (r.documents && r.documents.length) {
      article.appendChild(el("h2", null, L.documents));
      article.appendChild(el("ul", "ocop-list", r.documents.map(function (d) {
        return el("li", null, withBreaks([[el("strong", null, (W.document_kinds[d.kind] || "") + ":"), " ", t(d.title)],
          d.number ? L.number + " " + d.number : null,
          d.issuer ? [L.issuer + ": ", t(d.issuer)] : null,
          d.date ? L.date + ": " + dateText(d.date) : null,
          d.file ? el("a", null, L.open_file) : null]));
      })));
    }
    var holder = form.querySelector("[data-preview]");
    holder.textContent = "";
    holder.appendChild(article);
  }

  // --- Start ----------------------------------------------------------------------------------

  // Required lists start with one item (the form's lists; those inside templates come with theirs).
  labelControls(form);
  form.querySelectorAll("[data-kind=list][data-required]").forEach(addItem);
  document.querySelectorAll("[data-nojs]").forEach(function (p) { p.hidden = true; });
  form.hidden = false;
  go("pick", true);

  fetch(D.catalog).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (data) {
    catalog = data;
    data.producers.slice().sort(byName).forEach(function (p) { producerSelect.appendChild(option(p.id, pick(p.name))); });
    var wanted = new URLSearchParams(location.search).get("product");
    var product = data.products.filter(function (p) { return p.id === wanted; })[0];
    if (product) {
      producerSelect.value = product.producer;
      fillProducts();
      productSelect.value = product.id;
    }
    status.hidden = true;
  }).catch(function () {
    status.textContent = E.load_failed;
  });

  // For the tests: the file writer on its own.
  window.ocopEditor = { yamlText: yamlText };
})();
