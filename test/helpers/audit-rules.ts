// Small k8s_audit rules the agent-process tests load: one matches exec_pod.json, the other create_secret.json.
export const EXEC_RULE = `
- rule: exec seen
  desc: d
  condition: ka.target.subresource = exec
  output: "exec by %ka.user.name"
  priority: NOTICE
  source: k8s_audit
`;
export const SECRET_RULE = `
- rule: secret created
  desc: d
  condition: ka.target.resource = secrets and ka.verb = create
  output: "secret %ka.target.name created"
  priority: WARNING
  source: k8s_audit
`;
