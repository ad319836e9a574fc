// What common images write at runtime, so a read-only root filesystem can get the emptyDir volumes the app
// needs. Every entry names its sources (from ../shared/reference/immutability.md §3); paths that hold data
// (an emptyDir loses it on restart) or that would shadow files the image ships are marked for review.
import type { ImageRef } from "../image.js";

/** A path an image writes, and how to give it a volume. */
export interface WritablePath {
  path: string;
  /** Why the image writes there (goes into the `# lanner:` comment). */
  why: string;
  /** emptyDir sizeLimit. */
  sizeLimit: string;
  /** Set when an emptyDir is not obviously right (data, or files the image ships there). */
  review?: string;
}

/** One image family of the knowledge base. */
export interface ImageKnowledge {
  id: string;
  /** Fully qualified repositories (`docker.io/library/nginx`). */
  repositories: readonly string[];
  /** The writable paths for a given tag (some depend on the variant or the major version). */
  paths: (tag: string | undefined) => WritablePath[];
  sources: readonly string[];
  /** Advice that cannot be applied as a volume (goes into a review comment). */
  note?: string;
}

const hub = (...names: string[]) => names.map((n) => `docker.io/${n.includes("/") ? n : `library/${n}`}`);

function majorVersion(tag: string | undefined): number | undefined {
  const m = /^(\d+)/.exec(tag ?? "");
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** The built-in knowledge base. */
export const KNOWLEDGE_BASE: readonly ImageKnowledge[] = [
  {
    id: "nginx",
    repositories: hub("nginx"),
    paths: (tag) => [
      {
        path: "/var/cache/nginx",
        why: "nginx creates its client_temp/proxy_temp directories here",
        sizeLimit: "256Mi",
      },
      tag?.includes("alpine") === true
        ? {
            path: "/run",
            why: "nginx writes its pid file to /var/run, which is /run on Alpine",
            sizeLimit: "1Mi",
          }
        : { path: "/var/run", why: "nginx writes its pid file (nginx.pid) here", sizeLimit: "1Mi" },
    ],
    sources: [
      "docker-library/docs nginx/content.md (Running nginx in read-only mode)",
      "docker-library/docs#2198",
      "nginx/docker-nginx-unprivileged#17",
      "nginx/docker-nginx-unprivileged#175",
    ],
    note: "templates (NGINX_ENVSUBST_OUTPUT_DIR, default /etc/nginx/conf.d) need that directory writable too",
  },
  {
    id: "postgres",
    repositories: hub("postgres"),
    paths: (tag) => {
      const v = majorVersion(tag);
      const data = v !== undefined && v >= 18 ? "/var/lib/postgresql" : "/var/lib/postgresql/data";
      return [
        {
          path: data,
          why: "PGDATA, the database files (image VOLUME)",
          sizeLimit: "1Gi",
          review: "database files in an emptyDir are lost when the pod goes; use a PersistentVolumeClaim",
        },
        { path: "/var/run/postgresql", why: "the Unix socket and its .s.PGSQL.5432.lock", sizeLimit: "1Mi" },
        { path: "/tmp", why: "the entrypoint writes temporary files", sizeLimit: "64Mi" },
      ];
    },
    sources: [
      "docker-library/postgres#154",
      "docker-library/postgres#205",
      "mattermost/docker#125",
      "goauthentik/helm#427",
    ],
    note: "size /dev/shm for parallel queries (an emptyDir with medium: Memory, as bitnami/charts#14578 does)",
  },
  {
    id: "redis",
    repositories: hub("redis"),
    paths: () => [
      {
        path: "/data",
        why: "the dump and append-only files (image VOLUME)",
        sizeLimit: "1Gi",
        review:
          "persistence files in an emptyDir are lost when the pod goes; use a PersistentVolumeClaim if they matter",
      },
    ],
    sources: ["redis/docker-library-redis#109"],
  },
  {
    id: "bitnami-redis",
    repositories: hub("bitnami/redis"),
    paths: () => [
      {
        path: "/opt/bitnami/redis/etc",
        why: "the entrypoint generates redis.conf here",
        sizeLimit: "16Mi",
        review: "an emptyDir hides the image's files there; Bitnami's chart seeds it from an init container",
      },
      { path: "/tmp", why: "temporary files", sizeLimit: "64Mi" },
    ],
    sources: ["bitnami/redis/templates/master/application.yaml", "bitnami/charts#5600"],
  },
  {
    id: "httpd",
    repositories: hub("httpd"),
    paths: () => [
      { path: "/usr/local/apache2/logs", why: "httpd writes httpd.pid (PidFile) here", sizeLimit: "16Mi" },
    ],
    sources: ["docker-library/httpd#166"],
  },
  {
    id: "node",
    repositories: hub("node"),
    paths: () => [{ path: "/tmp", why: "npm run writes its scripts to /tmp", sizeLimit: "64Mi" }],
    sources: ["nodejs/docker-node#1749", "npm/cli#5183"],
    note: "started with npm, set NPM_CONFIG_CACHE=/tmp/.npm (or run node directly)",
  },
  {
    id: "java",
    repositories: hub("eclipse-temurin", "openjdk", "amazoncorretto"),
    paths: () => [
      {
        path: "/tmp",
        why: "java.io.tmpdir: embedded Tomcat/Jetty docbase, File.createTempFile, hsperfdata",
        sizeLimit: "256Mi",
      },
    ],
    sources: [
      "spring-projects/spring-boot#8578",
      "spring-projects/spring-boot#11962",
      "docker-library/docs eclipse-temurin/content.md",
    ],
  },
  {
    id: "tomcat",
    repositories: hub("tomcat"),
    paths: () => [
      { path: "/usr/local/tomcat/temp", why: "Tomcat's temp directory", sizeLimit: "64Mi" },
      { path: "/usr/local/tomcat/work", why: "compiled JSPs and session data", sizeLimit: "256Mi" },
      { path: "/usr/local/tomcat/logs", why: "Tomcat's log files", sizeLimit: "256Mi" },
      { path: "/tmp", why: "java.io.tmpdir", sizeLimit: "64Mi" },
    ],
    sources: ["bitnami tomcat template", "georchestra#1507"],
    note: "Tomcat may also write to conf/ at startup; an emptyDir there would hide server.xml",
  },
];

/** The fallback for images the knowledge base does not know: /tmp, marked for review. */
export const UNKNOWN_IMAGE_PATHS: readonly WritablePath[] = [
  { path: "/tmp", why: "most programs write temporary files", sizeLimit: "64Mi" },
];

/** The knowledge-base entry for an image, if any. */
export function knowledgeFor(ref: ImageRef): ImageKnowledge | undefined {
  return KNOWLEDGE_BASE.find((k) => k.repositories.includes(ref.repository));
}
