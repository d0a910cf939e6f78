// The page's one Runtime, made by a module of its own that index.html and embed.html load before
// app.js: its small graph (this file, runtime.js, boot_progress.js) runs as soon as those three
// files arrive, so Python's download starts while the thirty-odd modules of the page are still
// coming (several demos on one blog page load them all at once). app.js imports the same
// instance. The playground boots at once; an embed when a reader sees it (boot_progress.js).
import { Runtime } from "./runtime.js";
import { bootWhenSeen } from "./boot_progress.js";

const embedded = document.body.dataset.embed === "true";

export const runtime = new Runtime({ deferred: embedded });
if (embedded) bootWhenSeen(document.body, runtime);
