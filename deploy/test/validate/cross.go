package main

import (
	"encoding/json"
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

type workload struct {
	kind, name string
	tpl        *corev1.PodTemplateSpec
}

// crossCheck finds references that no single schema can see: a Service that
// selects no pod or names a port no container has, an HPA aimed at nothing,
// a ServiceMonitor whose port is not on the Service it selects, a mounted
// ConfigMap the chart does not create.
func crossCheck(objs []object) []string {
	var (
		workloads []workload
		services  []*corev1.Service
		configs   = map[string]bool{}
		accounts  = map[string]bool{"default": true}
		deploys   = map[string]bool{}
		msgs      []string
	)
	// Lenient here: strictness problems are already reported per object, and
	// a stray field must not hide (or fake) a broken reference.
	decode := func(o object, into any) bool { return json.Unmarshal(o.raw, into) == nil }
	for _, o := range objs {
		switch o.apiVersion() + "/" + o.kind() {
		case "apps/v1/Deployment":
			var d appsv1.Deployment
			if decode(o, &d) {
				workloads = append(workloads, workload{"Deployment", d.Name, &d.Spec.Template})
				deploys[d.Name] = true
			}
		case "apps/v1/StatefulSet":
			var s appsv1.StatefulSet
			if decode(o, &s) {
				workloads = append(workloads, workload{"StatefulSet", s.Name, &s.Spec.Template})
			}
		case "v1/Service":
			var s corev1.Service
			if decode(o, &s) {
				services = append(services, &s)
			}
		case "v1/ConfigMap":
			configs[o.name()] = true
		case "v1/ServiceAccount":
			accounts[o.name()] = true
		}
	}

	for _, s := range services {
		if len(s.Spec.Selector) == 0 {
			continue
		}
		sel := labels.SelectorFromSet(s.Spec.Selector)
		matched := 0
		for _, w := range workloads {
			if !sel.Matches(labels.Set(w.tpl.Labels)) {
				continue
			}
			matched++
			for _, p := range s.Spec.Ports {
				if !hasContainerPort(w.tpl, p) {
					msgs = append(msgs, fmt.Sprintf("Service %s port %q: target %s is not a port of %s %s", s.Name, p.Name, p.TargetPort.String(), w.kind, w.name))
				}
			}
		}
		if matched == 0 {
			msgs = append(msgs, fmt.Sprintf("Service %s selects no pods of this chart (%v)", s.Name, s.Spec.Selector))
		}
	}
	for _, w := range workloads {
		if !accounts[w.tpl.Spec.ServiceAccountName] && w.tpl.Spec.ServiceAccountName != "" {
			msgs = append(msgs, fmt.Sprintf("%s %s: serviceAccountName %q is not created by the chart", w.kind, w.name, w.tpl.Spec.ServiceAccountName))
		}
		for _, v := range w.tpl.Spec.Volumes {
			if v.ConfigMap != nil && !configs[v.ConfigMap.Name] && (v.ConfigMap.Optional == nil || !*v.ConfigMap.Optional) {
				msgs = append(msgs, fmt.Sprintf("%s %s: volume %q mounts ConfigMap %q that the chart does not create", w.kind, w.name, v.Name, v.ConfigMap.Name))
			}
		}
	}
	for _, o := range objs {
		switch o.apiVersion() + "/" + o.kind() {
		case "autoscaling/v2/HorizontalPodAutoscaler":
			var h autoscalingv2.HorizontalPodAutoscaler
			if decode(o, &h) && (h.Spec.ScaleTargetRef.Kind != "Deployment" || !deploys[h.Spec.ScaleTargetRef.Name]) {
				msgs = append(msgs, fmt.Sprintf("HorizontalPodAutoscaler %s: target %s/%s is not a Deployment of the chart", h.Name, h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name))
			}
		case "policy/v1/PodDisruptionBudget":
			var p policyv1.PodDisruptionBudget
			if decode(o, &p) && !selectsAny(p.Spec.Selector, workloads) {
				msgs = append(msgs, fmt.Sprintf("PodDisruptionBudget %s selects no pods of this chart", p.Name))
			}
		case "monitoring.coreos.com/v1/ServiceMonitor":
			var m monitoringv1.ServiceMonitor
			if !decode(o, &m) {
				continue
			}
			sel, err := metav1.LabelSelectorAsSelector(&m.Spec.Selector)
			if err != nil || sel.Empty() {
				msgs = append(msgs, fmt.Sprintf("ServiceMonitor %s: empty or bad selector", m.Name))
				continue
			}
			found := false
			for _, s := range services {
				if !sel.Matches(labels.Set(s.Labels)) {
					continue
				}
				found = true
				for _, e := range m.Spec.Endpoints {
					if e.Port != "" && !servicePortNamed(s, e.Port) {
						msgs = append(msgs, fmt.Sprintf("ServiceMonitor %s: Service %s has no port named %q", m.Name, s.Name, e.Port))
					}
				}
			}
			if !found {
				msgs = append(msgs, fmt.Sprintf("ServiceMonitor %s selects no Service of this chart", m.Name))
			}
		}
	}
	return msgs
}

func selectsAny(ls *metav1.LabelSelector, workloads []workload) bool {
	sel, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil || sel.Empty() {
		return false
	}
	for _, w := range workloads {
		if sel.Matches(labels.Set(w.tpl.Labels)) {
			return true
		}
	}
	return false
}

func servicePortNamed(s *corev1.Service, name string) bool {
	for _, p := range s.Spec.Ports {
		if p.Name == name {
			return true
		}
	}
	return false
}

// hasContainerPort: a named targetPort must be a named container port; a
// numeric one must be declared too (undeclared ports work, but hide mistakes).
// Ports served by the Istio sidecar (15020, 15090) are not in the pod spec.
func hasContainerPort(tpl *corev1.PodTemplateSpec, p corev1.ServicePort) bool {
	target := p.TargetPort
	if target.IntVal == 0 && target.StrVal == "" {
		target.IntVal = p.Port
	}
	if target.StrVal == "" && (target.IntVal == 15020 || target.IntVal == 15090) {
		return true
	}
	for _, c := range tpl.Spec.Containers {
		for _, cp := range c.Ports {
			if (target.StrVal != "" && cp.Name == target.StrVal) || (target.StrVal == "" && cp.ContainerPort == target.IntVal) {
				return true
			}
		}
	}
	return false
}
