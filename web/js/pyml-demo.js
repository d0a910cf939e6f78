// <pyml-demo>: a playground demo from markup, on a page of any site. One script tag, then e.g.
//   <script src="https://example.org/pyml/js/pyml-demo.js" defer></script>
//   <pyml-demo model="mlp" dataset="spiral" hidden-layers="4,2" hide="code,share"></pyml-demo>
// Every attribute is a setting of the playground's URL (state.js; hyperparameters by their
// pyml names, dashes or underscores); the element shows embed.html in an iframe beside this
// script, so the demo's Python and styles stay on the pyml site.
//
// A classic script, not a module: a module from another origin needs the pyml site to send
// Access-Control-Allow-Origin, which plain static hosts do not; a classic script loads from
// anywhere. (It also works as a module from the pyml site itself.) The iframe is
// loading="lazy": a demo below the fold loads nothing until the reader scrolls near it. Every
// demo of the page, being on the pyml site, shares one Python (web/js/hub.js).
(() => {
  const mine = (script) => script && /\/pyml-demo\.js(\?|#|$)/.test(script.src);
  const script = mine(document.currentScript) ? document.currentScript
    : [...document.querySelectorAll("script[src]")].find(mine);
  const EMBED = new URL("../embed.html", script ? script.src : location.href);
  const SIZE = { width: 480, height: 360 };
  const LAYOUT = new Set(["width", "height", "title", "class", "style", "id"]);

  function embedSrc(attributes) {
    const params = new URLSearchParams();
    for (const { name, value } of attributes) {
      if (LAYOUT.has(name)) continue;
      const key = name === "hidden-layers" || name === "layers" ? "hidden_layer_sizes"
        : name === "show-test" ? "showTest" : name === "csv-task" ? "csvTask" : name.replace(/-/g, "_");
      params.set(key, value);
    }
    const url = new URL(EMBED);
    url.search = params.toString();
    return url.href;
  }

  const pixels = (text, fallback) => `${Number.parseInt(text, 10) || fallback}px`;

  class PymlDemo extends HTMLElement {
    static get observedAttributes() {
      return ["model", "dataset", "width", "height"];
    }

    connectedCallback() {
      if (!this.frame) {
        // In the light DOM, not a shadow root: the page's window.frames then lists it, which
        // is how the demos of one page find each other to share one Python (runtime.js).
        this.frame = document.createElement("iframe");
        this.frame.setAttribute("loading", "lazy");
        this.frame.style.cssText = "border:0;width:100%;height:100%;display:block";
        this.style.display = this.style.display || "inline-block";
        this.style.maxWidth = "100%";
        this.replaceChildren(this.frame);
      }
      this.render();
    }

    attributeChangedCallback() {
      if (this.frame) this.render();
    }

    render() {
      this.style.width = this.hasAttribute("width") ? pixels(this.getAttribute("width"), SIZE.width) : this.style.width || `${SIZE.width}px`;
      this.style.height = this.hasAttribute("height") ? pixels(this.getAttribute("height"), SIZE.height) : this.style.height || `${SIZE.height}px`;
      this.frame.title = this.getAttribute("title") || "pyml demo";
      const src = embedSrc(this.attributes);
      if (this.frame.src !== src) this.frame.src = src;
    }
  }

  if (!customElements.get("pyml-demo")) customElements.define("pyml-demo", PymlDemo);
})();
