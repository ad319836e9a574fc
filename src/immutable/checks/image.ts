// Image checks: a reference that parses, a tag that is not latest, a digest, and a pull policy that
// agrees with how the image is pinned.
import { defaultPullPolicy, parseImageRef } from "../image.js";
import { asString } from "../values.js";
import type { CheckedContainer, PodContext } from "./context.js";

/** image-invalid, image-no-tag, image-latest, image-not-pinned, image-pull-policy. */
export function checkImage(ctx: PodContext, c: CheckedContainer): void {
  const imagePath = [...c.at.path, "image"];
  const raw = asString(c.at.value.image);
  const base = { container: c.ref };
  if (raw === undefined || raw.trim() === "") {
    // Pod templates of controllers that inject the image (e.g. some operators) leave it empty.
    ctx.report({
      ...base,
      checkId: "image-invalid",
      severity: "medium",
      message: "no image is set",
      path: imagePath,
    });
    return;
  }
  const parsed = parseImageRef(raw);
  if (!parsed.ok) {
    ctx.report({
      ...base,
      checkId: "image-invalid",
      severity: "medium",
      message: `image '${raw}' is not a valid reference: ${parsed.error}`,
      path: imagePath,
    });
    return;
  }
  const ref = parsed.ref;
  if (ref.digest === undefined) {
    if (ref.tag === undefined) {
      ctx.report({
        ...base,
        checkId: "image-no-tag",
        severity: "medium",
        message: `image '${raw}' has no tag or digest, so it means ${ref.path}:latest`,
        path: imagePath,
      });
    } else if (ref.tag === "latest") {
      ctx.report({
        ...base,
        checkId: "image-latest",
        severity: "medium",
        message: `image '${raw}' uses the latest tag`,
        path: imagePath,
      });
    } else {
      ctx.report({
        ...base,
        checkId: "image-not-pinned",
        severity: "low",
        message: `image '${raw}' is not pinned by digest: tag ${ref.tag} can move`,
        path: imagePath,
      });
    }
  }
  const written = asString(c.at.value.imagePullPolicy);
  const policy = written ?? defaultPullPolicy(ref);
  if (ref.digest === undefined && policy !== "Always") {
    ctx.report({
      ...base,
      checkId: "image-pull-policy",
      severity: "low",
      message: `mutable tag '${ref.tag ?? "latest"}' with imagePullPolicy ${policy}${written === undefined ? " (the default)" : ""}: each node keeps the image it pulled first`,
      path: written === undefined ? imagePath : [...c.at.path, "imagePullPolicy"],
    });
  }
}
