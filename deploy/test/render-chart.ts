import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Validator } from './ensure-validator.js';

/** The chart under test. */
export const chartDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'helm', 'map-platform');
/** The namespace every render installs into. */
export const NAMESPACE = 'maps';

/** One rendered Kubernetes object, loosely typed: tests read it by path. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export interface RenderOptions {
  /** Values files, relative to the chart. */
  valuesFiles?: string[];
  /** `--set` pairs. */
  set?: Record<string, string | number | boolean>;
}

function helmArgs(opts: RenderOptions): string[] {
  const args: string[] = [];
  for (const f of opts.valuesFiles ?? []) args.push('-f', join(chartDir, f));
  for (const [k, v] of Object.entries(opts.set ?? {})) args.push('--set', `${k}=${v}`);
  return args;
}

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[], input?: string): CommandResult {
  const r = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** `helm lint --strict` with the given values. */
export function lint(helm: string, opts: RenderOptions = {}): CommandResult {
  return exec(helm, ['lint', '--strict', chartDir, ...helmArgs(opts)]);
}

/** `helm template`; status ≠ 0 when a template or the values schema refuses the values. */
export function template(helm: string, opts: RenderOptions = {}): CommandResult {
  return exec(helm, ['template', 'map', chartDir, '--namespace', NAMESPACE, ...helmArgs(opts)]);
}

/** Runs the offline validator on manifests (a `helm template` output). */
export function validate(validator: Validator, manifests: string): CommandResult {
  return exec(validator.bin, ['-istio-crds', validator.istioCrds], manifests);
}

/**
 * Renders and validates; throws with helm's or the validator's messages when
 * either refuses, and returns the objects otherwise.
 */
export function renderValid(helm: string, validator: Validator, opts: RenderOptions = {}): K8sObject[] {
  const rendered = template(helm, opts);
  if (rendered.status !== 0) throw new Error(`helm template failed:\n${rendered.stderr}`);
  const checked = validate(validator, rendered.stdout);
  if (checked.status !== 0) throw new Error(`the rendered chart is not valid:\n${checked.stderr}`);
  return JSON.parse(checked.stdout) as K8sObject[];
}

/** Finds exactly one object by kind and name. */
export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const hits = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${hits.length}`);
  return hits[0]!;
}
