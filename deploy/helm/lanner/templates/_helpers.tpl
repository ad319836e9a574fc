{{/* Names and labels. With the release name "lanner" the objects are named as in deploy/kubernetes/. */}}
{{- define "lanner.fullname" -}}
{{- if contains "lanner" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-lanner" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "lanner.selectorLabels" -}}
app.kubernetes.io/name: lanner
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "lanner.labels" -}}
{{ include "lanner.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "lanner.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "lanner.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "lanner.tokenSecretName" -}}
{{- default (printf "%s-webhook-token" (include "lanner.fullname" .)) .Values.webhook.token.existingSecret -}}
{{- end -}}

{{- define "lanner.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The configuration the agent runs: the values' `config:`, without the token file when the token is off. */}}
{{- define "lanner.config" -}}
{{- $cfg := deepCopy .Values.config -}}
{{- if not .Values.webhook.token.enabled -}}
{{- $_ := set $cfg.k8s_audit "bearer_token_file" "" -}}
{{- end -}}
{{- toYaml $cfg -}}
{{- end -}}
