// Writable-path profiles: per image repository, the paths a container was seen writing. `fix --profile`
// gives exactly these paths an emptyDir instead of the knowledge base's; `learn` writes them.

import { parse } from "yaml";
import { z } from "zod";

const ProfileSchema = z.object({
  apiVersion: z.literal("lanner.dev/v1"),
  kind: z.literal("WritableProfile"),
  images: z.array(
    z.object({
      /** A repository (`docker.io/library/nginx`, `nginx`, `registry:5000/app`); any tag or digest matches. */
      image: z.string().min(1),
      paths: z.array(z.string().startsWith("/")),
    }),
  ),
});

/** A parsed profile: repository → paths, plus where it came from (for `# lanner:` comments). */
export interface WritableProfile {
  source: string;
  images: Map<string, string[]>;
}

/** Parses a profile (YAML or JSON); throws with the file name and the first problem. */
export function parseWritableProfile(
  text: string,
  source: string,
  normalize: (image: string) => string,
): WritableProfile {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new Error(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = ProfileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(
      `${source}: ${issue === undefined ? "invalid profile" : `${issue.path.join(".")}: ${issue.message}`}`,
    );
  }
  const images = new Map<string, string[]>();
  for (const img of r.data.images) {
    const key = normalize(img.image);
    images.set(key, [...new Set([...(images.get(key) ?? []), ...img.paths])]);
  }
  return { source, images };
}
