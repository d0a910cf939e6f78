// <pyml-demo>: a playground demo from markup. One script tag, then e.g.
//   <script type="module" src="https://example.org/pyml/js/pyml-demo.js"></script>
//   <pyml-demo model="mlp" dataset="spiral" hidden-layers="4,2" hide="code,share"></pyml-demo>
// Every attribute is a setting of the playground's URL (state.js; hyperparameters by their
// pyml names, dashes or underscores); the element shows embed.html in an iframe beside this
// script, so the demo's Python runs in its own worker and its styles never leak.

const EMBED = new URL("../embed.html", import.meta.url);
const SIZE = { width: "480px", height: "360px" };

export function embedSrc(attributes) {
  const params = new URLSearchParams();
  for (const { name, value } of attributes) {
    if (name === "width" || name === "height" || name === "title" || name === "class" || name === "style" || name === "id") continue;
    const key = name === "hidden-layers" || name === "layers" ? "hidden_layer_sizes"
      : name === "show-test" ? "showTest" : name === "csv-task" ? "csvTask" : name.replace(/-/g, "_");
    params.set(key, value);
  }
  const url = new URL(EMBED);
  url.search = params.toString();
  return url.href;
}

class PymlDemo extends HTMLElement {
  static get observedAttributes() {
    return ["model", "dataset", "width", "height"];
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML = "<style>:host{display:inline-block;max-width:100%}iframe{border:0;width:100%;height:100%;display:block}</style>";
      this.frame = document.createElement("iframe");
      this.frame.setAttribute("loading", "lazy");
      root.append(this.frame);
    }
    this.render();
  }

  attributeChangedCallback() {
    if (this.frame) this.render();
  }

  render() {
    this.style.width = this.getAttribute("width") ? `${parseInt(this.getAttribute("width"), 10) || 480}px` : this.style.width || SIZE.width;
    this.style.height = this.getAttribute("height") ? `${parseInt(this.getAttribute("height"), 10) || 360}px` : this.style.height || SIZE.height;
    this.frame.title = this.getAttribute("title") || "pyml demo";
    const src = embedSrc(this.attributes);
    if (this.frame.src !== src) this.frame.src = src;
  }
}

if (!customElements.get("pyml-demo")) customElements.define("pyml-demo", PymlDemo);
