// The public schedule as a timeline, fed by the program API. Without this script the page
// still shows the whole program (a server-rendered list in the venue's zone).
// No build step: plain ES2017 that every current browser runs.
(function () {
  "use strict";

  var root = document.getElementById("schedule");
  if (!root || !window.fetch || !window.Intl) return;

  var STORE = "schedule-zone";
  var venueZone = root.getAttribute("data-zone");
  var city = root.getAttribute("data-city");
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  var labels = JSON.parse(document.getElementById("schedule-kinds").textContent);
  // Pages of the program's speakers and public papers, as the server-rendered list links them.
  var linksNode = document.getElementById("schedule-links");
  var links = linksNode ? JSON.parse(linksNode.textContent) : {};
  var paperLinks = links.papers || {}, speakerLinks = links.speakers || {}, boardLinks = links.boards || {};
  var controls = document.getElementById("schedule-controls");
  var app = document.getElementById("schedule-app");
  var fallback = document.getElementById("schedule-static");
  var banner = document.getElementById("tz-banner");
  var select = document.getElementById("tz-select");
  var search = document.getElementById("schedule-search");
  var count = document.getElementById("schedule-count");
  var boxes = Array.prototype.slice.call(controls.querySelectorAll("input[name=kind]"));
  var items = [];

  // "?now=2018-12-08T15:30:00Z" shows the now/next marker as it would be at that time.
  var nowParam = new URLSearchParams(window.location.search).get("now");
  function now() {
    var forced = nowParam ? new Date(nowParam) : null;
    return forced && !isNaN(forced) ? forced : new Date();
  }

  function validZone(zone) {
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: zone });
      return true;
    } catch (e) {
      return false;
    }
  }

  function storedChoice() {
    var value = null;
    try { value = window.localStorage.getItem(STORE); } catch (e) { /* private mode */ }
    if (value === "local" || (value && validZone(value))) return value;
    return venueZone;
  }

  function remember(choice) {
    try { window.localStorage.setItem(STORE, choice); } catch (e) { /* private mode */ }
  }

  var choice = storedChoice();
  function zone() { return choice === "local" ? browserZone : choice; }

  function bannerText() {
    var z = zone();
    if (z === venueZone) return "Times shown in " + z + (city ? " (" + city + ")" : "");
    if (choice === "local") return "Times shown in " + z + " (your time zone)";
    return "Times shown in " + z;
  }

  // --- formatting -------------------------------------------------------------------------
  function timeFormat() {
    return new Intl.DateTimeFormat("en-GB", {
      timeZone: zone(), hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
  }
  // "Saturday 8 December 2018", as the server writes it (some ICU versions add a comma).
  function dayFormat() {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone(), weekday: "long", day: "numeric", month: "long", year: "numeric",
    });
    return {
      format: function (date) {
        var p = {};
        parts.formatToParts(date).forEach(function (part) { p[part.type] = part.value; });
        return [p.weekday, p.day, p.month, p.year].join(" ");
      },
    };
  }
  function dayKey(date) {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: zone(), year: "numeric", month: "2-digit", day: "2-digit",
    }).format(date);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A small, safe subset of Markdown for descriptions: paragraphs, line breaks, links,
  // **strong** and *emphasis*. Text is only ever inserted as text, never as HTML.
  var INLINE = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s<)]+)|\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  function inline(text, parent) {
    var last = 0, match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1]) parent.appendChild(el("a", { href: match[2], rel: "noopener nofollow", text: match[1] }));
      else if (match[3]) parent.appendChild(el("a", { href: match[3], rel: "noopener nofollow", text: match[3] }));
      else if (match[4]) parent.appendChild(el("strong", { text: match[4] }));
      else parent.appendChild(el("em", { text: match[5] }));
      last = INLINE.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
  function markdown(text) {
    var box = el("div", { class: "description" });
    (text || "").split(/\n\s*\n/).forEach(function (block) {
      if (!block.trim()) return;
      var p = el("p");
      inline(block.trim().replace(/\s*\n\s*/g, " "), p);
      box.appendChild(p);
    });
    return box;
  }

  // The API gives absolute addresses on the site's canonical host; this page may be served
  // under another name (a proxy, a test server), so links keep only the path.
  function sameSite(url) {
    var parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }

  // A title (or name) as a link to its page when it has one, else as text.
  function linked(text, url) {
    return url ? el("a", { href: url, text: text }) : document.createTextNode(text);
  }

  function people(list) {
    var nodes = [];
    list.forEach(function (p, i) {
      if (i) nodes.push(", ");
      nodes.push(linked(p.name, speakerLinks[p.name + "\n" + p.affiliation]));
      if (p.affiliation) nodes.push(" (" + p.affiliation + ")");
    });
    return nodes;
  }

  function haystack(item) {
    var parts = [item.title, item.description, labels[item.kind] || "", item.room];
    item.speakers.forEach(function (s) { parts.push(s.name, s.affiliation); });
    item.papers.forEach(function (p) { parts.push(p.title, p.authors.join(" ")); });
    item.posters.forEach(function (p) { parts.push(p.title, p.authors.join(" ")); });
    return parts.join(" \u0001 ").toLowerCase();
  }

  // --- rendering --------------------------------------------------------------------------
  function renderItem(item, times) {
    var details = null;
    if (item.description || item.papers.length || item.posters.length) {
      var summary = "Details" + (item.posters.length ? " — " + item.posters.length + " poster" + (item.posters.length === 1 ? "" : "s") : "");
      details = el("details", {}, [el("summary", { text: summary })]);
      if (item.description) details.appendChild(markdown(item.description));
      if (item.papers.length) {
        details.appendChild(el("h4", { text: item.papers.length === 1 ? "Paper" : "Papers" }));
        details.appendChild(el("ul", { class: "papers" }, item.papers.map(function (p) {
          return el("li", {}, [el("strong", {}, [linked(p.title, paperLinks[p.id])]), p.authors.length ? " — " + p.authors.join(", ") : ""]);
        })));
      }
      if (item.posters.length) {
        details.appendChild(el("h4", { text: "Posters" }));
        details.appendChild(el("ol", { class: "boards" }, item.posters.map(function (p) {
          return el("li", {}, [el("span", { class: "board", text: "Board " + p.board }), " ", linked(p.title, boardLinks[item.id + "-" + p.board]), p.authors.length ? " — " + p.authors.join(", ") : ""]);
        })));
      }
    }
    var start = new Date(item.start), end = new Date(item.end);
    return el("li", { class: "item kind-" + item.kind, id: "item-" + item.id, "data-id": item.id }, [
      el("p", { class: "when" }, [
        el("time", { datetime: item.start, class: "start", text: times.format(start) }),
        "–",
        el("time", { datetime: item.end, class: "end", text: times.format(end) }),
      ]),
      el("div", { class: "what" }, [
        el("p", { class: "kind" }, [el("span", { text: labels[item.kind] || item.kind }), el("span", { class: "marker", "aria-live": "polite" })]),
        el("h3", { text: item.title }),
        item.speakers.length ? el("p", { class: "who" }, people(item.speakers)) : null,
        item.room ? el("p", { class: "where", text: "Room " + item.room }) : null,
        details,
        el("p", { class: "item-links" }, [
          el("a", { href: sameSite(item.ical_url), download: "", text: "Add to calendar (.ics)" }),
        ]),
      ]),
    ]);
  }

  function render() {
    var times = timeFormat(), days = dayFormat();
    var shown = visible();
    app.textContent = "";
    var currentKey = null, list = null;
    items.forEach(function (item) {
      if (!shown[item.id]) return;
      var start = new Date(item.start);
      var key = dayKey(start);
      if (key !== currentKey) {
        currentKey = key;
        app.appendChild(el("h2", { class: "day", text: days.format(start) }));
        list = el("ol", { class: "timeline" });
        app.appendChild(list);
      }
      list.appendChild(renderItem(item, times));
    });
    var n = Object.keys(shown).length;
    if (!n) app.appendChild(el("p", { class: "empty", text: "No item matches. Clear the search or show more kinds." }));
    count.textContent = "Showing " + n + " of " + items.length + " items.";
    banner.textContent = bannerText();
    mark();
  }

  function visible() {
    var kinds = {};
    boxes.forEach(function (box) { if (box.checked) kinds[box.value] = true; });
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = {};
    items.forEach(function (item) {
      if (!kinds[item.kind]) return;
      if (words.every(function (w) { return item.text.indexOf(w) !== -1; })) shown[item.id] = true;
    });
    return shown;
  }

  // "Now" on what runs at this moment, "Next" on what starts next, during the event only.
  function mark() {
    var t = now().getTime();
    if (!items.length) return;
    var first = new Date(items[0].start).getTime();
    var last = Math.max.apply(null, items.map(function (i) { return new Date(i.end).getTime(); }));
    var next = null;
    app.querySelectorAll(".item").forEach(function (node) { node.classList.remove("now", "next"); node.querySelector(".marker").textContent = ""; });
    if (t < first - 3600 * 1000 || t >= last) return;
    items.forEach(function (item) {
      var s = new Date(item.start).getTime(), e = new Date(item.end).getTime();
      var node = document.getElementById("item-" + item.id);
      if (s <= t && t < e && node) {
        node.classList.add("now");
        node.querySelector(".marker").textContent = "Now";
      } else if (s > t && (next === null || s < next)) {
        next = s;
      }
    });
    items.forEach(function (item) {
      var node = document.getElementById("item-" + item.id);
      if (next !== null && new Date(item.start).getTime() === next && node) {
        node.classList.add("next");
        node.querySelector(".marker").textContent = "Next";
      }
    });
  }

  function setChoice(value) {
    choice = value;
    remember(value);
    render();
  }

  fetch(root.getAttribute("data-api"), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      items = data.items.map(function (item) { item.text = haystack(item); return item; });
      var localOption = select.querySelector("option[value=local]");
      localOption.textContent = "My time zone (" + browserZone + ")";
      select.value = choice;
      if (select.value !== choice) {
        // A zone outside the list (e.g. an alias the browser reports): add it.
        select.querySelector("optgroup").appendChild(el("option", { value: choice, text: choice }));
        select.value = choice;
      }
      select.addEventListener("change", function () { setChoice(select.value); });
      search.addEventListener("input", render);
      boxes.forEach(function (box) { box.addEventListener("change", render); });
      controls.hidden = false;
      app.hidden = false;
      // Removed, not hidden: kept, its items would be in the page twice (each .ics link and
      // each item id), and a link to #item-N would find the hidden copy first.
      fallback.remove();
      render();
      if (window.location.hash) {
        var target = document.getElementById(window.location.hash.slice(1));
        if (target) target.scrollIntoView();
      }
      root.setAttribute("data-ready", "true");
      setInterval(mark, 60 * 1000);
    })
    .catch(function () {
      // The server-rendered list stays; say why the controls are missing.
      banner.textContent = banner.textContent + " (the interactive view could not load)";
    });
})();
