{{- define "enclave.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Selector labels of one component: server or migrate. */}}
{{- define "enclave.selector" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "enclave.labels" -}}
{{ include "enclave.selector" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{- define "enclave.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* The restricted Pod Security Standard, for both pods. */}}
{{- define "enclave.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "enclave.securityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* Settings both migrate and the server must agree on. */}}
{{- define "enclave.sharedEnv" -}}
- name: ENCLAVE_MODE
  value: production
- name: ENCLAVE_DATABASE_SERVICE_ROLE
  value: {{ .Values.databaseServiceRole | quote }}
- name: ENCLAVE_CATALOGUE_DIR
  value: /etc/enclave/catalogue
- name: ENCLAVE_APPROVALS_REQUIRED
  value: {{ .Values.approvals.required | quote }}
- name: ENCLAVE_APPROVALS_REQUIRED_SENSITIVE
  value: {{ .Values.approvals.requiredSensitive | quote }}
- name: ENCLAVE_REVIEW_APPROVALS_REQUIRED
  value: {{ .Values.approvals.reviewRequired | quote }}
{{- end -}}

{{/* A secret mounted as a file: a projected volume's source. */}}
{{- define "enclave.secretFile" -}}
- secret:
    name: {{ required (printf "secrets.%s.existingSecret is required" .name) .ref.existingSecret }}
    items:
      - key: {{ .ref.key }}
        path: {{ .path }}
{{- end -}}

{{- define "enclave.egressPostgres" -}}
- to:
    {{- toYaml .Values.networkPolicy.postgres.to | nindent 4 }}
  ports:
    - {port: {{ .Values.networkPolicy.postgres.port }}, protocol: TCP}
{{- end -}}

{{- define "enclave.egressDNS" -}}
- to:
    {{- toYaml .Values.networkPolicy.dns.to | nindent 4 }}
  ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
{{- end -}}
