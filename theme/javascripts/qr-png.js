// A page's QR code as a PNG for print (theme/ocop/qr.html): the code's SVG, named by ?svg= as a
// path from the site's root, drawn into a canvas at 1,200 px and offered as a file. Only an SVG
// the site publishes for a page's code (p/…/qr.svg, on this site) is drawn: the link is a
// stranger's to write.
(function () {
  "use strict";
  var SIZE = 1200; // pixels: at least 1,000, as print artwork wants
  var box = document.querySelector("[data-ocop-qr-png]");
  var status = box.querySelector("[data-ocop-qr-status]");
  var root = new URL("../", document.currentScript.src); // the site's root: this file is in javascripts/

  function codeUrl() {
    var path = new URLSearchParams(location.search).get("svg") || "";
    if (!/^p\/[^?#\\]+\/qr\.svg$/.test(path)) return null;
    var url = new URL(path, root);
    var inside = url.origin === root.origin && url.pathname.indexOf(root.pathname + "p/") === 0;
    return inside && /\/qr\.svg$/.test(url.pathname) ? url : null;
  }

  function fail() {
    status.textContent = box.dataset.invalid;
  }

  var url = codeUrl();
  if (!url) return fail();
  var shown = url.href.slice(root.href.length).replace(/qr\.svg$/, "");
  status.textContent = box.dataset.drawing;
  var image = new Image();
  image.onerror = fail;
  image.onload = function () {
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = SIZE;
    var context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false; // the modules stay sharp squares
    context.drawImage(image, 0, 0, SIZE, SIZE);
    canvas.toBlob(function (png) {
      if (!png) return fail();
      var file = URL.createObjectURL(png);
      var preview = document.createElement("img");
      preview.src = file;
      preview.width = preview.height = 300;
      preview.alt = box.dataset.alt.replace("{url}", shown);
      var download = document.createElement("a");
      download.className = "md-button md-button--primary";
      download.href = file;
      download.download = "qr-" + decodeURIComponent(shown).replace(/[^\w.-]+/g, "-").replace(/-+$/, "") + ".png";
      download.textContent = box.dataset.download;
      var caption = document.createElement("figcaption");
      caption.appendChild(download);
      var figure = box.querySelector("[data-ocop-qr-figure]");
      figure.append(preview, caption);
      figure.hidden = false;
      status.textContent = box.dataset.ready.replace("{url}", shown);
    }, "image/png");
  };
  image.src = url.href;
})();
