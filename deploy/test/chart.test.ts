import { beforeAll, describe, expect, it } from 'vitest';
import { ensureHelm } from './ensure-helm.js';
import { ensureValidator, type Validator } from './ensure-validator.js';
import { find, lint, NAMESPACE, renderValid, template, validate, type K8sObject } from './render-chart.js';

// The Helm chart in deploy/helm/map-platform, checked offline: `helm lint`,
// `helm template` with several value sets, every rendered object validated
// against the real API definitions (see validate/main.go), then the
// properties the platform relies on asserted on the render.

const PRODUCTION = { valuesFiles: ['ci/production-values.yaml'] };
const NO_ISTIO = { set: { 'istio.enabled': false } };
const CHAOS = {
  set: {
    'istio.faultInjection.enabled': true,
    'istio.faultInjection.martin.abort.percentage': 10,
    'istio.faultInjection.martin.delay.percentage': 5,
  },
};

let helm: string;
let validator: Validator;
let defaults: K8sObject[];
let production: K8sObject[];
let noIstio: K8sObject[];

type Container = {
  name: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  startupProbe?: unknown;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
};

const env = (deploy: K8sObject): Record<string, string | undefined> =>
  Object.fromEntries((deploy.spec.template.spec.containers[0] as Container).env!.map((e) => [e.name, e.value]));
const workloads = (objs: K8sObject[]) => objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const host = (name: string) => `${name}.${NAMESPACE}.svc.cluster.local`;
/** "1.500s" → 1500 */
const ms = (d: string) => Math.round(Number(d.replace(/s$/, '')) * 1000);

beforeAll(async () => {
  // Builds once per machine (cached outside the clone); later runs take seconds.
  helm = await ensureHelm();
  validator = await ensureValidator();
  defaults = renderValid(helm, validator);
  production = renderValid(helm, validator, PRODUCTION);
  noIstio = renderValid(helm, validator, NO_ISTIO);
});

describe('helm lint', () => {
  it('passes in strict mode with the default values', () => {
    const r = lint(helm);
    expect(r.stderr + r.stdout).toContain('0 chart(s) failed');
    expect(r.status).toBe(0);
  });

  it('passes in strict mode with the production-like values', () => {
    expect(lint(helm, PRODUCTION).status).toBe(0);
  });
});

describe('offline validation', () => {
  it('accepts the default, production, no-Istio and chaos renders', () => {
    expect(defaults.length).toBeGreaterThan(30);
    expect(production.length).toBeGreaterThan(25);
    expect(noIstio.some((o) => o.apiVersion.includes('istio.io'))).toBe(false);
    expect(renderValid(helm, validator, CHAOS).length).toBe(defaults.length);
  });

  it('accepts the less common switches', () => {
    const variants: Array<Record<string, string | number | boolean>> = [
      { namePrefix: 'maps-', 'istio.gateway.tls.enabled': false },
      { 'redis.persistence.enabled': true, 'bff.autoscaling.enabled': false, 'bff.secrets.create': true, 'bff.secrets.operatorToken': 'an-operator-token-of-32-characters' },
      { 'istio.jwt.enabled': false, 'istio.authorization.graphqlPost': 'public', 'istio.telemetry.tracing.enabled': false },
      { 'demo.enabled': false, 'monitoring.serviceMonitors.enabled': false, 'monitoring.rules.enabled': false, 'monitoring.dashboard.enabled': false },
    ];
    for (const set of variants) expect(renderValid(helm, validator, { set }).length, JSON.stringify(set)).toBeGreaterThan(20);
  });

  it('rejects unknown fields, bad enums, wrong types and broken PromQL', () => {
    const rendered = template(helm).stdout;
    const broken = rendered
      .replace('mode: STRICT', 'mode: STRICTER')
      .replace('maxEjectionPercent: 100', 'maxEjectionPercent: 100\n      ejectEverything: true')
      .replace('retryRemoteLocalities: true', 'retryRemoteLocalities: "yes"')
      .replace('revisionHistoryLimit: 5', 'revisionHistoryLimit: 5\n  replica: 3')
      .replace(/(expr: \|\n\s+sum\()/, '$1(');
    const r = validate(validator, broken);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unsupported value: "STRICTER"');
    expect(r.stderr).toContain('unknown field "spec.trafficPolicy.outlierDetection.ejectEverything"');
    expect(r.stderr).toContain('retryRemoteLocalities in body must be of type boolean');
    expect(r.stderr).toContain('unknown field "spec.replica"');
    expect(r.stderr).toMatch(/PrometheusRule\/map-platform.*parse error/);
  });

  it('rejects a Service whose selector matches no pod', () => {
    const rendered = template(helm)
      .stdout.split('\n---\n')
      .map((doc) => (doc.includes('# Source: map-platform/templates/demo/service.yaml') ? doc.replaceAll('app.kubernetes.io/name: demo', 'app.kubernetes.io/name: demo-typo') : doc))
      .join('\n---\n');
    const r = validate(validator, rendered);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Service demo selects no pods');
  });
});

describe('values checks', () => {
  const refuses = (set: Record<string, string | number | boolean>, message: string) => {
    const r = template(helm, { set });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(message);
  };

  it('refuses a misspelt setting (values.schema.json)', () => refuses({ 'bff.replicaz': 3 }, "additional properties 'replicaz' not allowed"));
  it('refuses an unknown mTLS mode', () => refuses({ 'istio.mtlsMode': 'DISABLE' }, '/istio/mtlsMode'));
  it('refuses running without any Redis', () => refuses({ 'redis.enabled': false }, 'redis: Redis is required'));
  it('refuses mesh retries that do not fit their timeout', () =>
    refuses({ 'istio.martinRoute.retries.perTryTimeoutMs': 2000 }, 'istio.martinRoute: perTryTimeoutMs × (attempts + 1) = 6000 ms exceeds timeoutMs'));
  it('refuses a mesh timeout longer than the BFF deadline', () =>
    refuses({ 'bff.upstreamTimeoutMs': 4000 }, 'istio.martinRoute.timeoutMs (4500) must not exceed bff.upstreamTimeoutMs (4000)'));
  it('refuses an L1 cache as large as the memory limit', () => refuses({ 'bff.cache.memoryMb': 768 }, 'bff.cache.memoryMb (768) must stay below'));
  it('refuses tilesets from a PVC without a claim', () => refuses({ 'martin.tilesets.source': 'pvc' }, 'martin.tilesets.pvc.existingClaim'));
  it('refuses a tileset of an unknown format', () => refuses({ 'martin.tilesets.sources.countries.type': 'geojson' }, '/martin/tilesets/sources/countries/type'));
});

describe('BFF', () => {
  it('leaves retries and failover to the mesh when Istio is on', () => {
    const e = env(find(defaults, 'Deployment', 'bff'));
    expect(e.BFF_RETRIES).toBe('off');
    expect(e.MARTIN_PRIMARY_URL).toBe(`http://${host('martin')}:3000`);
    expect(e.MARTIN_BACKUP_URL).toBe('');
  });

  it('retries and fails over itself between both Martins without Istio', () => {
    const e = env(find(noIstio, 'Deployment', 'bff'));
    expect(e.BFF_RETRIES).toBe('on');
    expect(e.MARTIN_PRIMARY_URL).toBe(`http://${host('martin-primary')}:3000`);
    expect(e.MARTIN_BACKUP_URL).toBe(`http://${host('martin-backup')}:3000`);
  });

  it('gets every setting its config reads, with Redis and public URL', () => {
    const e = env(find(defaults, 'Deployment', 'bff'));
    for (const name of ['PORT', 'HOST', 'UPSTREAM_TIMEOUT_MS', 'REDIS_URL', 'CACHE_MEMORY_MB', 'TILE_TTL_SECONDS', 'MAX_TILE_BYTES',
      'CORS_ORIGINS', 'PUBLIC_URL', 'TRUST_PROXY', 'LOG_LEVEL', 'GRAPHQL_INTROSPECTION', 'NODE_ENV']) {
      expect(e[name], name).toBeTruthy();
    }
    expect(e.REDIS_URL).toBe(`redis://${host('redis')}:6379`);
    expect(e.PUBLIC_URL).toBe('https://maps.example.com');
    expect(e.CORS_ORIGINS).toBe('https://maps.example.com');
    expect(e.TRUST_PROXY).toBe('on');
  });

  it('reads OPERATOR_TOKEN, API_KEYS and REDIS_URL from Secrets in production', () => {
    const c = find(production, 'Deployment', 'bff').spec.template.spec.containers[0] as Container;
    const from = (n: string) => c.env!.find((e) => e.name === n)?.valueFrom;
    expect(from('OPERATOR_TOKEN')).toEqual({ secretKeyRef: { name: 'map-bff-secrets', key: 'OPERATOR_TOKEN', optional: true } });
    expect(from('API_KEYS')).toEqual({ secretKeyRef: { name: 'map-bff-secrets', key: 'API_KEYS', optional: true } });
    expect(from('REDIS_URL')).toEqual({ secretKeyRef: { name: 'map-redis', key: 'url' } });
  });

  it('maps /healthz to liveness and /readyz to readiness', () => {
    const c = find(defaults, 'Deployment', 'bff').spec.template.spec.containers[0] as Container;
    expect(c.livenessProbe!.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.readinessProbe!.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.startupProbe).toBeDefined();
  });

  it('scales with an HPA and keeps a PDB', () => {
    const hpa = find(defaults, 'HorizontalPodAutoscaler', 'bff');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'bff' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(find(defaults, 'PodDisruptionBudget', 'bff').spec.minAvailable).toBe(1);
    // The HPA owns the replica count.
    expect(find(defaults, 'Deployment', 'bff').spec.replicas).toBeUndefined();
  });
});

describe('every workload', () => {
  it('runs as non-root with a read-only root filesystem and no capabilities', () => {
    for (const w of [...workloads(defaults), ...workloads(production)]) {
      const pod = w.spec.template.spec;
      expect(pod.securityContext.runAsNonRoot, w.metadata.name).toBe(true);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers] as Container[]) {
        expect(c.securityContext, `${w.metadata.name}/${c.name}`).toMatchObject({
          readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
        });
        expect(c.resources?.requests?.cpu, `${w.metadata.name}/${c.name} cpu request`).toBeTruthy();
        expect(c.resources?.limits?.memory, `${w.metadata.name}/${c.name} memory limit`).toBeTruthy();
      }
    }
  });

  it('gets an Istio sidecar and waits for it when Istio is on', () => {
    for (const w of workloads(defaults)) {
      expect(w.spec.template.metadata.labels['sidecar.istio.io/inject'], w.metadata.name).toBe('true');
      expect(w.spec.template.metadata.annotations['proxy.istio.io/config']).toContain('holdApplicationUntilProxyStarts');
    }
  });
});

describe('Martin', () => {
  it('serves countries, helsinki and toner from one ConfigMap for both tiers', () => {
    const config = find(defaults, 'ConfigMap', 'martin').data!['config.yaml']!;
    expect(config).toMatch(/mbtiles:\s+sources:\s+countries: \/data\/tilesets\/countries\.mbtiles\s+helsinki: \/data\/tilesets\/helsinki\.mbtiles/);
    expect(config).toMatch(/pmtiles:\s+sources:\s+toner: \/data\/tilesets\/stamen-toner-z0-3\.pmtiles/);
    expect(config).toContain('listen_addresses: 0.0.0.0:3000');
    for (const tier of ['martin-primary', 'martin-backup']) {
      const pod = find(defaults, 'Deployment', tier).spec.template.spec;
      expect(pod.volumes.find((v: { name: string }) => v.name === 'config').configMap.name).toBe('martin');
    }
  });

  it('gets its tilesets from an init container by default and from a read-only PVC in production', () => {
    const byDefault = find(defaults, 'Deployment', 'martin-primary').spec.template.spec;
    expect(byDefault.initContainers[0].volumeMounts[0].name).toBe('tilesets');
    const prod = find(production, 'Deployment', 'martin-backup').spec.template.spec;
    expect(prod.initContainers).toBeUndefined();
    expect(prod.volumes.find((v: { name: string }) => v.name === 'tilesets').persistentVolumeClaim).toEqual({ claimName: 'map-tilesets', readOnly: true });
  });

  it('has a Service per tier and, with Istio, one Service over both tiers', () => {
    const labelsOf = (d: string) => find(defaults, 'Deployment', d).spec.template.metadata.labels as Record<string, string>;
    const selects = (svc: string, pod: Record<string, string>) =>
      Object.entries(find(defaults, 'Service', svc).spec.selector as Record<string, string>).every(([k, v]) => pod[k] === v);
    expect(selects('martin-primary', labelsOf('martin-primary'))).toBe(true);
    expect(selects('martin-primary', labelsOf('martin-backup'))).toBe(false);
    expect(selects('martin-backup', labelsOf('martin-backup'))).toBe(true);
    expect(selects('martin', labelsOf('martin-primary')) && selects('martin', labelsOf('martin-backup'))).toBe(true);
    expect(noIstio.some((o) => o.kind === 'Service' && o.metadata.name === 'martin')).toBe(false);
  });
});

describe('Istio traffic', () => {
  it('fails Martin over by endpoint priority, with outlier detection and connection limits', () => {
    const dr = find(defaults, 'DestinationRule', 'martin');
    expect(dr.spec.host).toBe(host('martin'));
    const label = 'map-platform.io/martin-tier';
    expect(dr.spec.trafficPolicy.loadBalancer.localityLbSetting).toEqual({ enabled: true, failoverPriority: [`${label}=primary`] });
    // Failover needs outlier detection, and the whole primary tier must be ejectable.
    expect(dr.spec.trafficPolicy.outlierDetection).toMatchObject({ maxEjectionPercent: 100 });
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBeGreaterThan(0);
    expect(dr.spec.trafficPolicy.connectionPool.tcp.maxConnections).toBeGreaterThan(0);
    expect(dr.spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests).toBeGreaterThan(0);
    expect(find(defaults, 'Deployment', 'martin-primary').spec.template.metadata.labels[label]).toBe('primary');
    expect(find(defaults, 'Deployment', 'martin-backup').spec.template.metadata.labels[label]).toBe('backup');
    expect(find(defaults, 'DestinationRule', 'bff').spec.trafficPolicy.outlierDetection).toBeDefined();
  });

  it('retries BFF → Martin calls once, in the mesh, within the BFF deadline', () => {
    for (const objs of [defaults, production]) {
      const route = find(objs, 'VirtualService', 'martin').spec.http[0];
      expect(route.retries.retryOn.split(',')).toEqual(expect.arrayContaining(['5xx', 'reset', 'connect-failure']));
      expect(route.retries.retryRemoteLocalities).toBe(true);
      const tries = ms(route.retries.perTryTimeout) * (route.retries.attempts + 1);
      const deadline = Number(env(find(objs, 'Deployment', 'bff')).UPSTREAM_TIMEOUT_MS);
      const edge = find(objs, 'VirtualService', 'map-platform').spec.http[0];
      expect(tries).toBeLessThanOrEqual(ms(route.timeout));
      expect(ms(route.timeout)).toBeLessThanOrEqual(deadline);
      expect(deadline).toBeLessThan(ms(edge.timeout));
    }
  });

  it('routes /graphql and /tiles to the BFF and the rest to the demo', () => {
    const vs = find(defaults, 'VirtualService', 'map-platform');
    expect(vs.spec.hosts).toEqual(['maps.example.com']);
    const dest = (uri: object) => vs.spec.http.find((r: { match: Array<{ uri: object }> }) => JSON.stringify(r.match[0]!.uri) === JSON.stringify(uri)).route[0].destination.host;
    expect(dest({ exact: '/graphql' })).toBe(host('bff'));
    expect(dest({ prefix: '/tiles/' })).toBe(host('bff'));
    expect(dest({ prefix: '/' })).toBe(host('demo'));
    // The edge retries only requests that never reached a BFF.
    expect(vs.spec.http[0].retries.retryOn).not.toContain('5xx');
    expect(find(production, 'VirtualService', 'map-platform').spec.gateways).toEqual(['istio-ingress/public-gateway']);
  });

  it('injects faults only when chaos experiments are switched on', () => {
    const hasFault = (objs: K8sObject[]) => objs.some((o) => o.kind === 'VirtualService' && o.spec.http.some((r: { fault?: unknown }) => r.fault));
    expect(hasFault(defaults)).toBe(false);
    expect(hasFault(production)).toBe(false);
    const chaos = renderValid(helm, validator, CHAOS);
    expect(find(chaos, 'VirtualService', 'martin').spec.http[0].fault).toEqual({
      delay: { percentage: { value: 5 }, fixedDelay: '2.000s' },
      abort: { percentage: { value: 10 }, httpStatus: 503 },
    });
  });
});

describe('Istio security', () => {
  it('requires mutual TLS for the whole namespace', () => {
    const pa = find(defaults, 'PeerAuthentication', 'default');
    expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  it('verifies JWTs from the configured issuer on the BFF', () => {
    const ra = find(production, 'RequestAuthentication', 'bff');
    expect(ra.spec.jwtRules[0]).toMatchObject({
      issuer: 'https://login.example.org/realms/maps',
      jwksUri: 'https://login.example.org/realms/maps/protocol/openid-connect/certs',
      audiences: ['map-operator-console'],
    });
  });

  it('keeps tiles and GraphQL reads public and needs a JWT to POST GraphQL', () => {
    const rules = find(production, 'AuthorizationPolicy', 'bff').spec.rules;
    expect(rules[0]).toEqual({ to: [{ operation: { methods: ['GET', 'HEAD', 'OPTIONS'], paths: ['/graphql', '/tiles/*'] } }] });
    expect(rules[1]).toEqual({
      from: [{ source: { requestPrincipals: ['https://login.example.org/realms/maps/*'] } }],
      to: [{ operation: { methods: ['POST'], paths: ['/graphql'] } }],
      when: [{ key: 'request.auth.claims[roles]', values: ['map-operator'] }],
    });
  });

  it('lets only the BFF service account reach Martin and Redis', () => {
    const sa = find(defaults, 'Deployment', 'bff').spec.template.spec.serviceAccountName;
    expect(find(defaults, 'ServiceAccount', sa)).toBeDefined();
    for (const name of ['martin', 'redis']) {
      const rules = find(defaults, 'AuthorizationPolicy', name).spec.rules;
      expect(rules).toHaveLength(1);
      expect(rules[0].from).toEqual([{ source: { principals: [`cluster.local/ns/${NAMESPACE}/sa/${sa}`] } }]);
    }
  });

  it('logs and samples traces through Telemetry', () => {
    const t = find(defaults, 'Telemetry', 'map-platform');
    expect(t.spec.accessLogging[0].providers).toEqual([{ name: 'envoy' }]);
    expect(t.spec.tracing[0].randomSamplingPercentage).toBe(1);
  });
});

describe('observability', () => {
  it('scrapes the BFF and Martin: through the sidecar with Istio, directly without', () => {
    const bffPod = find(defaults, 'Deployment', 'bff').spec.template.metadata.annotations;
    const martinPod = find(defaults, 'Deployment', 'martin-primary').spec.template.metadata.annotations;
    expect(bffPod['prometheus.io/path']).toBe('/metrics');
    expect(martinPod['prometheus.io/path']).toBe('/_/metrics');
    expect(find(defaults, 'ServiceMonitor', 'martin').spec.endpoints[0]).toMatchObject({ port: 'http-envoy-prom', path: '/stats/prometheus' });
    expect(find(noIstio, 'ServiceMonitor', 'martin').spec.endpoints[0]).toMatchObject({ port: 'http', path: '/_/metrics' });
    expect(find(noIstio, 'ServiceMonitor', 'bff').spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
  });

  it('alerts on 5xx ratio, failovers, Martin down, Redis errors and p99 tile latency', () => {
    for (const objs of [defaults, noIstio]) {
      const rules = find(objs, 'PrometheusRule', 'map-platform').spec.groups.flatMap((g: { rules: unknown[] }) => g.rules) as Array<{ alert: string; expr: string }>;
      const alerts = new Set(rules.map((r) => r.alert));
      for (const a of ['MapBffHigh5xxRatio', 'MapUpstreamFailover', 'MapMartinDown', 'MapMartinAllDown', 'MapRedisErrors', 'MapTileLatencyP99High']) {
        expect(alerts.has(a), a).toBe(true);
      }
      const failover = rules.find((r) => r.alert === 'MapUpstreamFailover')!.expr;
      expect(failover).toContain(objs === defaults ? 'istio_requests_total' : 'bff_upstream_failovers_total');
    }
  });

  it('ships a Grafana dashboard that charts every metric the alerts use', () => {
    const cm = find(defaults, 'ConfigMap', 'map-platform-dashboard');
    expect(cm.metadata.labels!.grafana_dashboard).toBe('1');
    const dashboard = JSON.parse(cm.data!['map-platform.json']!) as { uid: string; panels: Array<{ targets: Array<{ expr: string }> }> };
    expect(dashboard.uid).toBe('map-platform');
    const charted = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    const rules = [defaults, noIstio].map((objs) => JSON.stringify(find(objs, 'PrometheusRule', 'map-platform').spec)).join('\n');
    const metrics = new Set([...rules.matchAll(/\b((?:bff|martin|istio)_[a-z_]+?)(?:_bucket)?\{/g)].map((m) => m[1]!));
    expect(metrics.size).toBeGreaterThanOrEqual(5);
    for (const m of metrics) expect(charted, m).toContain(m);
  });
});

describe('demo', () => {
  it('serves a config.json pointing at the public BFF URL', () => {
    const config = JSON.parse(find(production, 'ConfigMap', 'demo').data!['config.json']!);
    expect(config).toEqual({ bffUrl: 'https://maps.example.org', apiKey: 'pk_live_demo_site' });
    const mount = find(production, 'Deployment', 'demo').spec.template.spec.containers[0].volumeMounts[0];
    expect(mount).toMatchObject({ mountPath: '/usr/share/nginx/html/config.json', subPath: 'config.json', readOnly: true });
  });
});
