package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"
)

// crdVersion is what an API server builds from one served version of a CRD.
type crdVersion struct {
	namespaced bool
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

type crdSet map[string]*crdVersion // key: group/version/kind

func (c crdSet) has(gv, kind string) bool { return c[gv+"/"+kind] != nil }

// loadCRDs reads a multi-document YAML of CustomResourceDefinitions.
func loadCRDs(path string) (crdSet, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	set := crdSet{}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if string(js) == "null" {
			continue
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := json.Unmarshal(js, &crd); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if crd.Kind != "CustomResourceDefinition" {
			continue
		}
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			var internal apiextensions.JSONSchemaProps
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
				return nil, fmt.Errorf("%s %s: %w", crd.Name, v.Name, err)
			}
			structural, err := structuralschema.NewStructural(&internal)
			if err != nil {
				return nil, fmt.Errorf("%s %s: not a structural schema: %w", crd.Name, v.Name, err)
			}
			validator, _, err := apiservervalidation.NewSchemaValidator(&internal)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", crd.Name, v.Name, err)
			}
			set[crd.Spec.Group+"/"+v.Name+"/"+crd.Spec.Names.Kind] = &crdVersion{
				namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
				structural: structural,
				validator:  validator,
				// As the API server does: CEL programs compiled once per CRD version.
				cel: cel.NewValidator(structural, true, celconfig.PerCallLimit),
			}
		}
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("%s: no CustomResourceDefinitions with schemas", path)
	}
	return set, nil
}

// validate runs the steps the API server runs on a create with
// fieldValidation=Strict: default, prune (unknown fields are errors),
// coerce metadata, then OpenAPI and CEL validation.
func (c crdSet) validate(o object) []string {
	v := c[o.apiVersion()+"/"+o.kind()]
	var obj map[string]any
	if err := json.Unmarshal(o.raw, &obj); err != nil {
		return []string{err.Error()}
	}
	var msgs []string
	structuraldefaulting.Default(obj, v.structural)
	opts := structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true}
	for _, p := range pruning.PruneWithOptions(obj, v.structural, true, opts) {
		msgs = append(msgs, fmt.Sprintf("unknown field %q", p))
	}
	ferr, unknown := objectmeta.CoerceWithOptions(nil, obj, v.structural, true, objectmeta.CoerceOptions{ReturnUnknownFieldPaths: true})
	if ferr != nil {
		msgs = append(msgs, ferr.Error())
	}
	for _, p := range unknown {
		msgs = append(msgs, fmt.Sprintf("unknown field %q", p))
	}
	meta, _, err := objectmeta.GetObjectMeta(obj, false)
	if err != nil {
		msgs = append(msgs, err.Error())
	} else if meta != nil {
		for _, e := range apimachineryvalidation.ValidateObjectMetaAccessor(meta, v.namespaced, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata")) {
			msgs = append(msgs, e.Error())
		}
	}
	for _, e := range apiservervalidation.ValidateCustomResource(nil, obj, v.validator) {
		msgs = append(msgs, e.Error())
	}
	errs, _ := v.cel.Validate(context.Background(), nil, v.structural, obj, nil, celconfig.RuntimeCELCostBudget)
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return msgs
}
