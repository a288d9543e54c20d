package main

import (
	"fmt"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// monitoringTypes: the Prometheus Operator kinds the chart renders. Their CRD
// YAML is not in a module we can fetch, so they are decoded strictly into
// the operator's own Go API types (from which its CRDs are generated).
var monitoringTypes = map[string]func() any{
	"monitoring.coreos.com/v1/ServiceMonitor": func() any { return &monitoringv1.ServiceMonitor{} },
	"monitoring.coreos.com/v1/PrometheusRule": func() any { return &monitoringv1.PrometheusRule{} },
}

// promql parses like a default Prometheus server: no experimental functions.
var promql = parser.NewParser(parser.Options{})

func validateMonitoring(o object) []string {
	typed := monitoringTypes[o.apiVersion()+"/"+o.kind()]()
	msgs := decodeStrict(o.raw, typed)
	if len(msgs) > 0 {
		return msgs
	}
	switch t := typed.(type) {
	case *monitoringv1.ServiceMonitor:
		msgs = append(msgs, fieldErrs(apimachineryvalidation.ValidateObjectMetaAccessor(t, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata")))...)
		if len(t.Spec.Endpoints) == 0 {
			msgs = append(msgs, "spec.endpoints: at least one endpoint")
		}
		for i, e := range t.Spec.Endpoints {
			if e.Port == "" {
				msgs = append(msgs, fmt.Sprintf("spec.endpoints[%d].port: a named Service port is required", i))
			}
			for _, d := range []monitoringv1.Duration{e.Interval, e.ScrapeTimeout} {
				if d != "" {
					if _, err := model.ParseDuration(string(d)); err != nil {
						msgs = append(msgs, fmt.Sprintf("spec.endpoints[%d]: %v", i, err))
					}
				}
			}
		}
	case *monitoringv1.PrometheusRule:
		msgs = append(msgs, fieldErrs(apimachineryvalidation.ValidateObjectMetaAccessor(t, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata")))...)
		msgs = append(msgs, validateRules(t)...)
	}
	return msgs
}

// validateRules checks what Prometheus checks when it loads a rule file:
// every expression parses, durations parse, alert names are valid.
func validateRules(r *monitoringv1.PrometheusRule) []string {
	var msgs []string
	groups := map[string]bool{}
	for gi, g := range r.Spec.Groups {
		if groups[g.Name] {
			msgs = append(msgs, fmt.Sprintf("spec.groups[%d]: duplicate group name %q", gi, g.Name))
		}
		groups[g.Name] = true
		for ri, rule := range g.Rules {
			at := fmt.Sprintf("spec.groups[%d].rules[%d]", gi, ri)
			if (rule.Alert == "") == (rule.Record == "") {
				msgs = append(msgs, at+": exactly one of alert and record")
			}
			if rule.Alert != "" && !model.UTF8Validation.IsValidLabelName(rule.Alert) && !model.LegacyValidation.IsValidMetricName(rule.Alert) {
				msgs = append(msgs, fmt.Sprintf("%s.alert: invalid name %q", at, rule.Alert))
			}
			expr := rule.Expr.String()
			if expr == "" {
				msgs = append(msgs, at+".expr: Required value")
			} else if _, err := promql.ParseExpr(expr); err != nil {
				msgs = append(msgs, fmt.Sprintf("%s.expr: %v", at, err))
			}
			if rule.For != nil {
				if _, err := model.ParseDuration(string(*rule.For)); err != nil {
					msgs = append(msgs, fmt.Sprintf("%s.for: %v", at, err))
				}
			}
			for k := range rule.Labels {
				if !model.LegacyValidation.IsValidLabelName(k) {
					msgs = append(msgs, fmt.Sprintf("%s.labels: invalid label name %q", at, k))
				}
			}
		}
	}
	return msgs
}
