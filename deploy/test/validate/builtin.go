package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metav1validation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
)

// builtinTypes maps apiVersion/kind to a constructor of its Go type. Only the
// kinds this chart renders are listed; anything else fails loudly.
var builtinTypes = map[string]func() any{
	"v1/ConfigMap":                           func() any { return &corev1.ConfigMap{} },
	"v1/Secret":                              func() any { return &corev1.Secret{} },
	"v1/Service":                             func() any { return &corev1.Service{} },
	"v1/ServiceAccount":                      func() any { return &corev1.ServiceAccount{} },
	"v1/PersistentVolumeClaim":               func() any { return &corev1.PersistentVolumeClaim{} },
	"apps/v1/Deployment":                     func() any { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet":                    func() any { return &appsv1.StatefulSet{} },
	"autoscaling/v2/HorizontalPodAutoscaler": func() any { return &autoscalingv2.HorizontalPodAutoscaler{} },
	"policy/v1/PodDisruptionBudget":          func() any { return &policyv1.PodDisruptionBudget{} },
}

// decodeStrict decodes like the API server's strict JSON decoder: field names
// match case-sensitively, and unknown or duplicated fields are errors.
func decodeStrict(raw []byte, into any) []string {
	strictErrs, err := kjson.UnmarshalStrict(raw, into, kjson.DisallowDuplicateFields, kjson.DisallowUnknownFields)
	if err != nil {
		return []string{err.Error()}
	}
	var msgs []string
	for _, e := range strictErrs {
		msgs = append(msgs, e.Error())
	}
	return msgs
}

func fieldErrs(list field.ErrorList) []string {
	var msgs []string
	for _, e := range list {
		msgs = append(msgs, e.Error())
	}
	return msgs
}

func validateBuiltin(o object) []string {
	typed := builtinTypes[o.apiVersion()+"/"+o.kind()]()
	msgs := decodeStrict(o.raw, typed)
	if len(msgs) > 0 {
		return msgs
	}
	meta := field.NewPath("metadata")
	nameFn := apimachineryvalidation.NameIsDNSSubdomain
	switch t := typed.(type) {
	case *corev1.Service:
		nameFn = apimachineryvalidation.NameIsDNS1035Label
		msgs = append(msgs, validateService(t)...)
	case *appsv1.Deployment:
		msgs = append(msgs, validateWorkload(t.Spec.Selector, &t.Spec.Template, field.NewPath("spec"), nil)...)
	case *appsv1.StatefulSet:
		// volumeClaimTemplates add volumes to every pod.
		var claims []string
		for _, c := range t.Spec.VolumeClaimTemplates {
			claims = append(claims, c.Name)
		}
		msgs = append(msgs, validateWorkload(t.Spec.Selector, &t.Spec.Template, field.NewPath("spec"), claims)...)
	case *corev1.ConfigMap:
		for k := range t.Data {
			for _, m := range validation.IsConfigMapKey(k) {
				msgs = append(msgs, fmt.Sprintf("data[%s]: %s", k, m))
			}
		}
	case *policyv1.PodDisruptionBudget:
		if t.Spec.Selector == nil {
			msgs = append(msgs, "spec.selector: Required value")
		}
		if (t.Spec.MinAvailable == nil) == (t.Spec.MaxUnavailable == nil) {
			msgs = append(msgs, "spec: exactly one of minAvailable and maxUnavailable")
		}
	case *autoscalingv2.HorizontalPodAutoscaler:
		if t.Spec.MinReplicas != nil && *t.Spec.MinReplicas > t.Spec.MaxReplicas {
			msgs = append(msgs, "spec.minReplicas: must be ≤ maxReplicas")
		}
		if t.Spec.ScaleTargetRef.Name == "" || t.Spec.ScaleTargetRef.Kind == "" {
			msgs = append(msgs, "spec.scaleTargetRef: kind and name are required")
		}
	}
	if acc, ok := typed.(metav1.Object); ok {
		msgs = append(msgs, fieldErrs(apimachineryvalidation.ValidateObjectMetaAccessor(acc, true, nameFn, meta))...)
	}
	return msgs
}

func validateService(s *corev1.Service) []string {
	var msgs []string
	spec := field.NewPath("spec")
	if len(s.Spec.Ports) == 0 {
		msgs = append(msgs, "spec.ports: Required value")
	}
	for i, p := range s.Spec.Ports {
		pp := spec.Child("ports").Index(i)
		if len(s.Spec.Ports) > 1 && p.Name == "" {
			msgs = append(msgs, pp.Child("name").String()+": required when there is more than one port")
		}
		if p.Name != "" {
			for _, m := range validation.IsDNS1123Label(p.Name) {
				msgs = append(msgs, pp.Child("name").String()+": "+m)
			}
		}
		for _, m := range validation.IsValidPortNum(int(p.Port)) {
			msgs = append(msgs, pp.Child("port").String()+": "+m)
		}
		if p.TargetPort.StrVal != "" {
			for _, m := range validation.IsValidPortName(p.TargetPort.StrVal) {
				msgs = append(msgs, pp.Child("targetPort").String()+": "+m)
			}
		}
	}
	msgs = append(msgs, fieldErrs(metav1validation.ValidateLabels(s.Spec.Selector, spec.Child("selector")))...)
	return msgs
}

func validateWorkload(sel *metav1.LabelSelector, tpl *corev1.PodTemplateSpec, spec *field.Path, claims []string) []string {
	var msgs []string
	if sel == nil {
		return []string{spec.Child("selector").String() + ": Required value"}
	}
	selector, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		msgs = append(msgs, err.Error())
	} else if selector.Empty() || !selector.Matches(labelSet(tpl.Labels)) {
		msgs = append(msgs, spec.Child("template", "metadata", "labels").String()+": `selector` does not match template `labels`")
	}
	msgs = append(msgs, fieldErrs(metav1validation.ValidateLabels(tpl.Labels, spec.Child("template", "metadata", "labels")))...)
	msgs = append(msgs, validatePodSpec(&tpl.Spec, spec.Child("template", "spec"), claims)...)
	return msgs
}

type labelSet map[string]string

func (l labelSet) Has(k string) bool   { _, ok := l[k]; return ok }
func (l labelSet) Get(k string) string { return l[k] }
func (l labelSet) Lookup(k string) (string, bool) {
	v, ok := l[k]
	return v, ok
}

func validatePodSpec(ps *corev1.PodSpec, path *field.Path, claims []string) []string {
	var msgs []string
	volumes := map[string]bool{}
	for _, c := range claims {
		volumes[c] = true
	}
	for i, v := range ps.Volumes {
		for _, m := range validation.IsDNS1123Label(v.Name) {
			msgs = append(msgs, fmt.Sprintf("%s: %s", path.Child("volumes").Index(i).Child("name"), m))
		}
		if volumes[v.Name] {
			msgs = append(msgs, fmt.Sprintf("%s: duplicate volume %q", path.Child("volumes").Index(i), v.Name))
		}
		volumes[v.Name] = true
	}
	check := func(kind string, cs []corev1.Container) {
		for i, c := range cs {
			cp := path.Child(kind).Index(i)
			for _, m := range validation.IsDNS1123Label(c.Name) {
				msgs = append(msgs, fmt.Sprintf("%s: %s", cp.Child("name"), m))
			}
			if c.Image == "" {
				msgs = append(msgs, cp.Child("image").String()+": Required value")
			}
			ports := map[string]bool{}
			for j, p := range c.Ports {
				if p.Name != "" {
					for _, m := range validation.IsValidPortName(p.Name) {
						msgs = append(msgs, fmt.Sprintf("%s: %s", cp.Child("ports").Index(j).Child("name"), m))
					}
					ports[p.Name] = true
				}
			}
			for j, e := range c.Env {
				for _, m := range validation.IsEnvVarName(e.Name) {
					msgs = append(msgs, fmt.Sprintf("%s: %s", cp.Child("env").Index(j).Child("name"), m))
				}
			}
			for j, vm := range c.VolumeMounts {
				if !volumes[vm.Name] {
					msgs = append(msgs, fmt.Sprintf("%s: volume %q is not declared in the pod", cp.Child("volumeMounts").Index(j), vm.Name))
				}
			}
			for name, probe := range map[string]*corev1.Probe{"livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe, "startupProbe": c.StartupProbe} {
				if probe == nil {
					continue
				}
				if probe.HTTPGet != nil && probe.HTTPGet.Port.StrVal != "" && !ports[probe.HTTPGet.Port.StrVal] {
					msgs = append(msgs, fmt.Sprintf("%s: named port %q is not a port of the container", cp.Child(name, "httpGet", "port"), probe.HTTPGet.Port.StrVal))
				}
			}
		}
	}
	check("initContainers", ps.InitContainers)
	check("containers", ps.Containers)
	if len(ps.Containers) == 0 {
		msgs = append(msgs, path.Child("containers").String()+": Required value")
	}
	return msgs
}
