{{/*
Object names. The chart assumes one release per namespace: PeerAuthentication
and Telemetry are namespace-wide, so a second release would fight over them.
Names are therefore short and stable (`bff`, `martin-primary`, …) so that URLs,
dashboards and runbooks can name them; `namePrefix` tells two installs apart
when that is really needed.
*/}}
{{- define "mp.name" -}}
{{- $ctx := index . 0 -}}
{{- printf "%s%s" $ctx.Values.namePrefix (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "mp.namespace" -}}
{{- .Release.Namespace -}}
{{- end -}}

{{/* Fully qualified in-cluster host of a Service: (list $ "martin"). */}}
{{- define "mp.host" -}}
{{- $ctx := index . 0 -}}
{{- printf "%s.%s.svc.%s" (include "mp.name" .) $ctx.Release.Namespace $ctx.Values.clusterDomain -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "mp.labels" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
app.kubernetes.io/part-of: map-platform
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $ctx.Chart.Name $ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector labels: (list $ "bff"). Never change them after a release: selectors are immutable. */}}
{{- define "mp.selectorLabels" -}}
{{- $ctx := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $ctx.Release.Name }}
{{- end -}}

{{/*
Pod labels: selector labels plus what Istio reads for telemetry (canonical
service and revision) and sidecar injection.
(list $ "component" "workload-name" "version")
*/}}
{{- define "mp.podLabels" -}}
{{- $ctx := index . 0 -}}
{{ include "mp.selectorLabels" (list $ctx (index . 1)) }}
app.kubernetes.io/part-of: map-platform
app.kubernetes.io/version: {{ index . 3 | quote }}
service.istio.io/canonical-name: {{ index . 2 }}
service.istio.io/canonical-revision: {{ index . 3 | quote }}
{{- if $ctx.Values.istio.enabled }}
sidecar.istio.io/inject: "true"
{{- end }}
{{- end -}}

{{/*
Pod annotations shared by all workloads. Istio's metrics merging rewrites the
prometheus.io/* annotations so that the sidecar serves the app's metrics and
Envoy's together on :15020/stats/prometheus, which Prometheus can scrape in
plain text even under STRICT mTLS. (list $ port path)
*/}}
{{- define "mp.podAnnotations" -}}
{{- $ctx := index . 0 -}}
{{- if index . 1 }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ index . 1 | quote }}
prometheus.io/path: {{ index . 2 | quote }}
{{- end }}
{{- if $ctx.Values.istio.enabled }}
# Start the app only once the sidecar is up, so start-up calls (Redis, Martin readiness) do not fail.
proxy.istio.io/config: '{"holdApplicationUntilProxyStarts": true}'
{{- end }}
{{- end -}}

{{- define "mp.image" -}}
{{- printf "%s:%s" .repository (toString .tag) -}}
{{- end -}}

{{/* The hardened security context of every container (non-root, read-only root FS, no privileges). */}}
{{- define "mp.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "mp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsUser }}
fsGroup: {{ .runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The BFF's service account name (list $). */}}
{{- define "mp.bffServiceAccount" -}}
{{- $ctx := index . 0 -}}
{{- if $ctx.Values.bff.serviceAccount.create -}}
{{- default (include "mp.name" (list $ctx "bff")) $ctx.Values.bff.serviceAccount.name -}}
{{- else -}}
{{- default "default" $ctx.Values.bff.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* SPIFFE principal of the BFF, as Istio authorization policies name it. */}}
{{- define "mp.bffPrincipal" -}}
{{- printf "%s/ns/%s/sa/%s" .Values.istio.trustDomain .Release.Namespace (include "mp.bffServiceAccount" (list .)) -}}
{{- end -}}

{{/* Milliseconds → a protobuf Duration string ("1.500s"), the form Istio's API takes. */}}
{{- define "mp.duration" -}}
{{- printf "%.3fs" (divf . 1000.0) -}}
{{- end -}}

{{/*
Where the BFF reaches Martin. With Istio the BFF calls one Service (`martin`)
that holds both tiers' endpoints, and the mesh retries and fails over by
endpoint priority (see the DestinationRule); without Istio the BFF gets both
URLs and fails over itself.
*/}}
{{- define "mp.martinPrimaryUrl" -}}
{{- if .Values.istio.enabled -}}
{{- printf "http://%s:%v" (include "mp.host" (list . "martin")) .Values.martin.port -}}
{{- else -}}
{{- printf "http://%s:%v" (include "mp.host" (list . "martin-primary")) .Values.martin.port -}}
{{- end -}}
{{- end -}}

{{- define "mp.martinBackupUrl" -}}
{{- if not .Values.istio.enabled -}}
{{- printf "http://%s:%v" (include "mp.host" (list . "martin-backup")) .Values.martin.port -}}
{{- end -}}
{{- end -}}

{{/* Checks across values that a JSON schema cannot express; fails the render with the setting's name. */}}
{{- define "mp.validate" -}}
{{- if and (not .Values.redis.enabled) (not .Values.externalRedis.url) (not .Values.externalRedis.existingSecret) -}}
{{- fail "redis: Redis is required in Kubernetes: set redis.enabled=true, externalRedis.url or externalRedis.existingSecret" -}}
{{- end -}}
{{- if and .Values.redis.enabled (or .Values.externalRedis.url .Values.externalRedis.existingSecret) -}}
{{- fail "externalRedis: set redis.enabled=false when using an external Redis" -}}
{{- end -}}
{{- if and (eq .Values.martin.tilesets.source "pvc") (not .Values.martin.tilesets.pvc.existingClaim) -}}
{{- fail "martin.tilesets.pvc.existingClaim: required when martin.tilesets.source=pvc" -}}
{{- end -}}
{{- if .Values.istio.enabled -}}
{{- $r := .Values.istio.martinRoute -}}
{{- if gt (mul (int $r.retries.perTryTimeoutMs) (add1 (int $r.retries.attempts))) (int $r.timeoutMs) -}}
{{- fail (printf "istio.martinRoute: perTryTimeoutMs × (attempts + 1) = %d ms exceeds timeoutMs = %d ms; the last tries could never run" (mul $r.retries.perTryTimeoutMs (add1 $r.retries.attempts)) (int $r.timeoutMs)) -}}
{{- end -}}
{{- if gt (int $r.timeoutMs) (int .Values.bff.upstreamTimeoutMs) -}}
{{- fail (printf "istio.martinRoute.timeoutMs (%d) must not exceed bff.upstreamTimeoutMs (%d): the mesh's retries have to fit in the BFF's deadline" (int $r.timeoutMs) (int .Values.bff.upstreamTimeoutMs)) -}}
{{- end -}}
{{- if le (int .Values.istio.edge.timeoutMs) (int .Values.bff.upstreamTimeoutMs) -}}
{{- fail (printf "istio.edge.timeoutMs (%d) must exceed bff.upstreamTimeoutMs (%d), so the BFF answers with its own 502/504 before the gateway gives up" (int .Values.istio.edge.timeoutMs) (int .Values.bff.upstreamTimeoutMs)) -}}
{{- end -}}
{{- if and .Values.istio.jwt.enabled (or (not .Values.istio.jwt.issuer) (not .Values.istio.jwt.jwksUri)) -}}
{{- fail "istio.jwt: issuer and jwksUri are required when istio.jwt.enabled=true" -}}
{{- end -}}
{{- if and (eq .Values.istio.authorization.graphqlPost "jwt") (not .Values.istio.jwt.enabled) -}}
{{- fail "istio.authorization.graphqlPost=jwt needs istio.jwt.enabled=true" -}}
{{- end -}}
{{- end -}}
{{- if ge (int .Values.bff.cache.memoryMb) (int (include "mp.memoryMi" .Values.bff.resources.limits.memory)) -}}
{{- fail (printf "bff.cache.memoryMb (%d) must stay below the container's memory limit (%s): the L1 cache would get the pod OOM-killed" (int .Values.bff.cache.memoryMb) .Values.bff.resources.limits.memory) -}}
{{- end -}}
{{- end -}}

{{/* A memory quantity ("768Mi", "1Gi") in MiB, for the cache-vs-limit check. */}}
{{- define "mp.memoryMi" -}}
{{- $q := toString . -}}
{{- if hasSuffix "Gi" $q -}}{{ mul (trimSuffix "Gi" $q | int) 1024 }}
{{- else if hasSuffix "Mi" $q -}}{{ trimSuffix "Mi" $q | int }}
{{- else -}}{{ fail (printf "bff.resources.limits.memory: %q must be given in Mi or Gi" $q) }}
{{- end -}}
{{- end -}}

{{/* DestinationRule connection pool from values (ms → Duration). */}}
{{- define "mp.connectionPool" -}}
tcp:
  maxConnections: {{ .tcp.maxConnections }}
  connectTimeout: {{ include "mp.duration" .tcp.connectTimeoutMs }}
http:
  http1MaxPendingRequests: {{ .http.http1MaxPendingRequests }}
  http2MaxRequests: {{ .http.http2MaxRequests }}
  maxRequestsPerConnection: {{ .http.maxRequestsPerConnection }}
  maxRetries: {{ .http.maxRetries }}
{{- end -}}

{{/* DestinationRule outlier detection from values. */}}
{{- define "mp.outlierDetection" -}}
consecutive5xxErrors: {{ .consecutive5xxErrors }}
consecutiveGatewayErrors: {{ .consecutiveGatewayErrors }}
interval: {{ include "mp.duration" .intervalMs }}
baseEjectionTime: {{ include "mp.duration" .baseEjectionTimeMs }}
maxEjectionPercent: {{ .maxEjectionPercent }}
{{- end -}}
