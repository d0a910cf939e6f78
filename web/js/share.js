// Sharing: the link to this experiment, the <iframe> embed snippet, and copying to the clipboard.

/** The address of `page` (index.html or embed.html) beside the current one, with the state's query. */
export function shareURL(href, params, page = "index.html") {
  const url = new URL(page, href);
  url.search = params.toString();
  url.hash = "";
  return url.href;
}

function escapeAttribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The <iframe> snippet that shows this experiment as a compact demo. */
export function embedCode(href, params, { width = 480, height = 360 } = {}) {
  const src = shareURL(href, params, "embed.html");
  return `<iframe src="${escapeAttribute(src)}" width="${width}" height="${height}" title="pyml demo" loading="lazy" style="border:0;max-width:100%"></iframe>`;
}

/** Copy text; resolves false where the clipboard is unavailable (the page then shows the text). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
