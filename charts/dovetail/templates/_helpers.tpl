{{/*
Chart name, for resource names. The app.kubernetes.io/name label is always "dovetail" so that
`kubectl logs -l app.kubernetes.io/name=dovetail -c controller` finds the controller.
*/}}
{{- define "dovetail.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of every resource: fullnameOverride, else the release name when it already contains the
chart name, else <release>-<chart>.
*/}}
{{- define "dovetail.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dovetail.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the controller's pods; never change them on upgrade. */}}
{{- define "dovetail.selectorLabels" -}}
app.kubernetes.io/name: dovetail
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Standard labels of every resource. */}}
{{- define "dovetail.labels" -}}
helm.sh/chart: {{ include "dovetail.chart" . }}
{{ include "dovetail.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: dovetail
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "dovetail.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "dovetail.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "dovetail.leaseName" -}}
{{- default (printf "%s-leader-election" (include "dovetail.fullname" .)) .Values.leaderElection.name }}
{{- end }}

{{- define "dovetail.image" -}}
{{- $tag := default .Chart.AppVersion .Values.controller.image.tag }}
{{- if .Values.controller.image.digest }}
{{- printf "%s:%s@%s" .Values.controller.image.repository $tag .Values.controller.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.controller.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The affinity with the selector labels filled into pod (anti-)affinity terms that have no
labelSelector, as upstream does.
*/}}
{{- define "dovetail.affinity" -}}
{{- $affinity := deepCopy (.Values.affinity | default dict) }}
{{- $selector := dict "matchLabels" (include "dovetail.selectorLabels" . | fromYaml) }}
{{- range $kind := list "podAffinity" "podAntiAffinity" }}
{{- with get $affinity $kind }}
{{- range $term := (get . "requiredDuringSchedulingIgnoredDuringExecution" | default list) }}
{{- if not (hasKey $term "labelSelector") }}
{{- $_ := set $term "labelSelector" $selector }}
{{- end }}
{{- end }}
{{- range $weighted := (get . "preferredDuringSchedulingIgnoredDuringExecution" | default list) }}
{{- $term := get $weighted "podAffinityTerm" | default dict }}
{{- if not (hasKey $term "labelSelector") }}
{{- $_ := set $term "labelSelector" $selector }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $affinity }}
{{- end }}

{{/* Topology spread constraints with the selector labels filled in where missing. */}}
{{- define "dovetail.topologySpreadConstraints" -}}
{{- $constraints := deepCopy (.Values.topologySpreadConstraints | default list) }}
{{- $selector := dict "matchLabels" (include "dovetail.selectorLabels" . | fromYaml) }}
{{- range $constraint := $constraints }}
{{- if not (hasKey $constraint "labelSelector") }}
{{- $_ := set $constraint "labelSelector" $selector }}
{{- end }}
{{- end }}
{{- toYaml $constraints }}
{{- end }}

{{/*
Checks that the schema cannot express; each failure names the value and the rule.
*/}}
{{- define "dovetail.validate" -}}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "leaderElection.enabled=false needs replicas=1, got replicas=%d: without a leader every replica would launch nodes for the same pods" (int .Values.replicas)) }}
{{- end }}
{{- range $key, $_ := .Values.settings.aws.tags }}
{{- if or (hasPrefix "kubernetes.io/cluster/" $key) (eq $key "karpenter.sh/provisioner-name") (eq $key "karpenter.sh/managed-by") }}
{{- fail (printf "settings.aws.tags: key %q is restricted: Dovetail sets it itself on every instance it launches" $key) }}
{{- end }}
{{- end }}
{{- if eq (int .Values.controller.metrics.port) (int .Values.controller.healthProbe.port) }}
{{- fail (printf "controller.healthProbe.port must differ from controller.metrics.port (both are %d)" (int .Values.controller.metrics.port)) }}
{{- end }}
{{- end }}
