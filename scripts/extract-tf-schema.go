// extract-tf-schema: writes src/data/tf-schemas/aws.json, the AWS provider schema of the resource
// types hako reads from Terraform (the adapter's `case 'aws_…'` list plus aws_inspector2_enabler),
// for HAKO-003 / ECS-017.
//
// Run (Go 1.22+, standard library only, nothing is compiled from the provider):
//
//	go run scripts/extract-tf-schema.go \
//	  -provider /root/go/pkg/mod/github.com/hashicorp/terraform-provider-aws@v1.60.1-0.20260602190131-5f2286d6d836 \
//	  -version "6.48.0-dev 5f2286d6d836" \
//	  [-schema-json providers-schema.json] \
//	  -out src/data/tf-schemas/aws.json
//
// Inputs:
//   - -provider: the terraform-provider-aws source tree (e.g. `go mod download -json
//     github.com/hashicorp/terraform-provider-aws@<commit>` prints its Dir).
//   - The AWS SDK for Go v2 service modules at the versions the provider's go.mod requires, in the
//     module cache (GOMODCACHE, default ~/go/pkg/mod; `go mod download` inside the provider tree
//     fetches them). Enum values come from their types/enums.go.
//   - Optional -schema-json: `terraform providers schema -json` output of a build of that provider.
//     When given, arguments/blocks/required/optional/computed/nesting/min/max/types are taken from
//     it (the exact structure Terraform sees) and only the enum values come from the source; the
//     differences between the two derivations are printed to stderr. For 5f2286d6d836 they agree
//     exactly (a build of the provider, schema read by Terraform 1.11.4 through a dev_overrides CLI
//     config; no `terraform init` needed), and the committed file was written with -schema-json.
//
// How: the Go files are parsed (go/parser), not compiled. For each resource the factory named in
// the service package's service_package_gen.go is followed to its `schema.Resource` literal
// (SDKv2) or its `Schema` method (plugin framework); the `map[string]*schema.Schema` is evaluated
// following helper functions, constants (names.Attr*) and shared schemas (tags), and converted to
// the configuration schema the way terraform-plugin-sdk's core_schema.go does (computed-only
// nested resources are attributes, Required blocks get min_items 1, `id` and `timeouts` are
// added, `region` where the service package says the resource is regional). Enums: enum.Validate
// / enum.FrameworkValidate / fwtypes.StringEnumType (SDK `Values()`), validation.StringInSlice and
// stringvalidator.OneOf (literal lists, `*_Values()` helpers, enum.Slice / enum.Values).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Resource types and the service package each is registered in.
var resourceTypes = []struct{ typ, svc string }{
	{"aws_cloudwatch_event_rule", "events"},
	{"aws_cloudwatch_log_group", "logs"},
	{"aws_ecr_lifecycle_policy", "ecr"},
	{"aws_ecr_registry_policy", "ecr"},
	{"aws_ecr_registry_scanning_configuration", "ecr"},
	{"aws_ecr_replication_configuration", "ecr"},
	{"aws_ecr_repository", "ecr"},
	{"aws_ecr_repository_policy", "ecr"},
	{"aws_ecs_cluster", "ecs"},
	{"aws_ecs_service", "ecs"},
	{"aws_ecs_task_definition", "ecs"},
	{"aws_eks_access_entry", "eks"},
	{"aws_eks_access_policy_association", "eks"},
	{"aws_eks_cluster", "eks"},
	{"aws_eks_node_group", "eks"},
	{"aws_eks_pod_identity_association", "eks"},
	{"aws_guardduty_detector", "guardduty"},
	{"aws_guardduty_detector_feature", "guardduty"},
	{"aws_iam_policy", "iam"},
	{"aws_iam_role", "iam"},
	{"aws_iam_role_policy", "iam"},
	{"aws_iam_role_policy_attachment", "iam"},
	{"aws_inspector2_enabler", "inspector2"},
	{"aws_kms_key", "kms"},
}

// ---- output model ------------------------------------------------------------------------------

type Attr struct {
	Type     any  `json:"type"`
	Required bool `json:"required,omitempty"`
	Optional bool `json:"optional,omitempty"`
	Computed bool `json:"computed,omitempty"`
	// Enum: the allowed strings (of the value, or of each element of a list/set); for a number
	// attribute the allowed numbers as decimal text (validation.IntInSlice).
	Enum []string `json:"enum,omitempty"`
	// EnumIgnoreCase: the validator compares case-insensitively.
	EnumIgnoreCase bool `json:"enum_ignore_case,omitempty"`
}

type Block struct {
	Attributes map[string]*Attr        `json:"attributes,omitempty"`
	Blocks     map[string]*NestedBlock `json:"blocks,omitempty"`
}

type NestedBlock struct {
	Nesting  string `json:"nesting"`
	MinItems int    `json:"min_items,omitempty"`
	MaxItems int    `json:"max_items,omitempty"`
	Block    *Block `json:"block"`
}

// ---- Go package loading ------------------------------------------------------------------------

type pkg struct {
	dir    string
	files  []*ast.File
	funcs  map[string]*ast.FuncDecl // plain functions
	meths  map[string]*ast.FuncDecl // "Recv.Name"
	values map[string]ast.Expr      // top-level const/var initialisers
	imps   map[*ast.File]map[string]string
	owner  map[ast.Node]*ast.File
}

var (
	providerDir string
	modCache    string
	requires    = map[string]string{} // module path -> version
	pkgs        = map[string]*pkg{}
	fset        = token.NewFileSet()
	warnings    []string
)

const providerModule = "github.com/hashicorp/terraform-provider-aws"

func warn(f string, a ...any) { warnings = append(warnings, fmt.Sprintf(f, a...)) }

func dirOf(importPath string) string {
	if strings.HasPrefix(importPath, providerModule+"/") {
		return filepath.Join(providerDir, strings.TrimPrefix(importPath, providerModule+"/"))
	}
	best := ""
	for m := range requires {
		if (importPath == m || strings.HasPrefix(importPath, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	if best == "" {
		return ""
	}
	return filepath.Join(modCache, escape(best)+"@"+requires[best], strings.TrimPrefix(importPath, best))
}

// escape applies the module cache's case encoding (upper case → !lower).
func escape(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			b.WriteRune(r + 32)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func load(importPath string) *pkg {
	if p, ok := pkgs[importPath]; ok {
		return p
	}
	dir := dirOf(importPath)
	p := &pkg{dir: dir, funcs: map[string]*ast.FuncDecl{}, meths: map[string]*ast.FuncDecl{},
		values: map[string]ast.Expr{}, imps: map[*ast.File]map[string]string{}, owner: map[ast.Node]*ast.File{}}
	pkgs[importPath] = p
	if dir == "" {
		return p
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.SkipObjectResolution)
		if err != nil {
			warn("parse %s: %v", n, err)
			continue
		}
		p.files = append(p.files, f)
		imps := map[string]string{}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			name := filepath.Base(path)
			if strings.HasPrefix(name, "v") && len(name) <= 3 { // .../v2
				name = filepath.Base(filepath.Dir(path))
			}
			if im.Name != nil {
				name = im.Name.Name
			}
			imps[name] = path
		}
		p.imps[f] = imps
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				p.owner[d] = f
				if d.Recv != nil && len(d.Recv.List) > 0 {
					p.meths[recvName(d.Recv.List[0].Type)+"."+d.Name.Name] = d
				} else {
					p.funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					vs, ok := s.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							p.values[n.Name] = vs.Values[i]
							p.owner[vs.Values[i]] = f
						}
					}
				}
			}
		}
	}
	return p
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	}
	return ""
}

// ctx: where an expression is evaluated (its package and file, for imports; local variables).
type ctx struct {
	p      *pkg
	f      *ast.File
	locals map[string]ast.Expr
	body   *ast.BlockStmt
}

func (c ctx) imported(name string) (*pkg, *ast.File, bool) {
	path, ok := c.p.imps[c.f][name]
	if !ok {
		return nil, nil, false
	}
	return load(path), nil, true
}

// lookup resolves an identifier or pkg.Name to its declaration's initialiser or function.
func (c ctx) lookupValue(e ast.Expr) (ast.Expr, ctx, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		if v, ok := c.locals[e.Name]; ok {
			return v, c, true
		}
		if v, ok := c.p.values[e.Name]; ok {
			return v, ctx{p: c.p, f: c.p.owner[v]}, true
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if p, _, ok := c.imported(x.Name); ok {
				if v, ok := p.values[e.Sel.Name]; ok {
					return v, ctx{p: p, f: p.owner[v]}, true
				}
			}
		}
	}
	return nil, c, false
}

func (c ctx) lookupFunc(e ast.Expr) (*ast.FuncDecl, ctx, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		if d, ok := c.p.funcs[e.Name]; ok {
			return d, ctx{p: c.p, f: c.p.owner[d]}, true
		}
	case *ast.SelectorExpr:
		if x, ok := e.X.(*ast.Ident); ok {
			if p, _, ok := c.imported(x.Name); ok {
				if d, ok := p.funcs[e.Sel.Name]; ok {
					return d, ctx{p: p, f: p.owner[d]}, true
				}
			}
		}
	}
	return nil, c, false
}

// returned: the expression a function body returns (the last return), with the body's simple
// `x := …` locals bound so a returned variable can be followed.
func returned(body *ast.BlockStmt, c ctx) (ast.Expr, ctx, bool) {
	locals := map[string]ast.Expr{}
	for k, v := range c.locals {
		locals[k] = v
	}
	var ret ast.Expr
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if len(s.Lhs) == len(s.Rhs) {
				for i, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						locals[id.Name] = s.Rhs[i]
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for i, n := range vs.Names {
							if i < len(vs.Values) {
								locals[n.Name] = vs.Values[i]
							}
						}
					}
				}
			}
		case *ast.ReturnStmt:
			if len(s.Results) == 1 {
				ret = s.Results[0]
			}
		}
	}
	if ret == nil {
		return nil, c, false
	}
	return ret, ctx{p: c.p, f: c.f, locals: locals, body: body}, true
}

func unparen(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				e = x.X
			} else {
				return e
			}
		default:
			return e
		}
	}
}

// deref follows identifiers, function calls without arguments and sync.OnceValue wrappers to the
// expression that produces the value.
func deref(e ast.Expr, c ctx, depth int) (ast.Expr, ctx) {
	if depth > 20 {
		return e, c
	}
	e = unparen(e)
	switch x := e.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		if v, c2, ok := c.lookupValue(x); ok {
			return deref(v, c2, depth+1)
		}
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "OnceValue" && len(x.Args) == 1 {
			return deref(x.Args[0], c, depth+1)
		}
		if d, c2, ok := c.lookupFunc(x.Fun); ok && d.Body != nil {
			if r, c3, ok := returned(d.Body, c2); ok {
				return deref(r, c3, depth+1)
			}
		}
		// a value called: var X = sync.OnceValue(func…); X()
		if v, c2, ok := c.lookupValue(x.Fun); ok {
			v2, c3 := deref(v, c2, depth+1)
			if fl, ok := v2.(*ast.FuncLit); ok {
				if r, c4, ok := returned(fl.Body, c3); ok {
					return deref(r, c4, depth+1)
				}
			}
		}
	case *ast.FuncLit:
		return x, c
	}
	return e, c
}

func strValue(e ast.Expr, c ctx) (string, bool) {
	e = unparen(e)
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, err := strconv.Unquote(x.Value)
			return s, err == nil
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			a, ok1 := strValue(x.X, c)
			b, ok2 := strValue(x.Y, c)
			return a + b, ok1 && ok2
		}
	case *ast.CallExpr: // string(types.X) conversions
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "string" && len(x.Args) == 1 {
			return strValue(x.Args[0], c)
		}
	case *ast.Ident, *ast.SelectorExpr:
		if v, c2, ok := c.lookupValue(x); ok {
			return strValue(v, c2)
		}
	}
	return "", false
}

func intValue(e ast.Expr, c ctx) (int, bool) {
	e = unparen(e)
	switch x := e.(type) {
	case *ast.BasicLit:
		n, err := strconv.Atoi(x.Value)
		return n, err == nil
	case *ast.Ident, *ast.SelectorExpr:
		if v, c2, ok := c.lookupValue(x); ok {
			return intValue(v, c2)
		}
	}
	return 0, false
}

func boolValue(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "true"
}

func selName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return selName(x.X)
	case *ast.IndexListExpr:
		return selName(x.X)
	}
	return ""
}

// ---- enums -------------------------------------------------------------------------------------

// sdkEnum: the values of an AWS SDK enum type (`func (T) Values() []T`), written types.T.
func sdkEnum(t ast.Expr, c ctx) ([]string, bool) {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil, false
	}
	p, _, ok := c.imported(x.Name)
	if !ok {
		return nil, false
	}
	d, ok := p.meths[sel.Sel.Name+".Values"]
	if !ok || d.Body == nil {
		return nil, false
	}
	r, c2, ok := returned(d.Body, ctx{p: p, f: p.owner[d]})
	if !ok {
		return nil, false
	}
	return stringList(r, c2)
}

// stringList evaluates a []string expression.
func stringList(e ast.Expr, c ctx) ([]string, bool) {
	e = unparen(e)
	switch x := e.(type) {
	case *ast.CompositeLit:
		var out []string
		for _, el := range x.Elts {
			s, ok := strValue(el, c)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case *ast.CallExpr:
		name := selName(x.Fun)
		switch {
		case name == "Values" && isIndexed(x.Fun): // enum.Values[T]()
			return sdkEnum(typeArg(x.Fun), c)
		case name == "Slice" || name == "EnumSlice": // enum.Slice(a, b, …)
			var out []string
			for _, a := range x.Args {
				s, ok := strValue(a, c)
				if !ok {
					return nil, false
				}
				out = append(out, s)
			}
			return out, true
		case name == "append":
			var out []string
			for _, a := range x.Args {
				l, ok := stringList(a, c)
				if !ok {
					s, ok2 := strValue(a, c)
					if !ok2 {
						return nil, false
					}
					l = []string{s}
				}
				out = append(out, l...)
			}
			return out, true
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Values" && len(x.Args) == 0 {
			// types.T("").Values() or T.Values(…)
			if call, ok := sel.X.(*ast.CallExpr); ok {
				if vals, ok := sdkEnum(call.Fun, c); ok {
					return vals, true
				}
			}
		}
		if d, c2, ok := c.lookupFunc(x.Fun); ok && d.Body != nil {
			if r, c3, ok := returned(d.Body, c2); ok {
				return stringList(r, c3)
			}
		}
	case *ast.Ident, *ast.SelectorExpr:
		if v, c2, ok := c.lookupValue(x); ok {
			return stringList(v, c2)
		}
	}
	return nil, false
}

// looksLikeEnum: a validator that names an enum helper enumOf did not resolve.
func looksLikeEnum(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch selName2(n) {
		case "StringInSlice", "IntInSlice", "Validate", "ValidateIgnoreCase", "OneOf":
			found = true
		}
		return !found
	})
	return found
}

func selName2(n ast.Node) string {
	if call, ok := n.(*ast.CallExpr); ok {
		return selName(call.Fun)
	}
	return ""
}

func isIndexed(e ast.Expr) bool {
	switch e.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

func typeArg(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return x.Index
	case *ast.IndexListExpr:
		return x.Indices[0]
	}
	return nil
}

// enumOf: the allowed values a validator (or framework custom type) enforces, if it is an enum.
func enumOf(e ast.Expr, c ctx) (vals []string, ignoreCase bool, ok bool) {
	e = unparen(e)
	call, isCall := e.(*ast.CallExpr)
	if !isCall {
		if v, c2, ok := c.lookupValue(e); ok {
			return enumOf(v, c2)
		}
		return nil, false, false
	}
	name := selName(call.Fun)
	switch name {
	case "Validate", "ValidateIgnoreCase", "FrameworkValidate", "FrameworkValidateIgnoreCase", "StringEnumType":
		if isIndexed(call.Fun) {
			v, ok := sdkEnum(typeArg(call.Fun), c)
			return v, strings.HasSuffix(name, "IgnoreCase"), ok
		}
	case "StringInSlice":
		if len(call.Args) == 2 {
			v, ok := stringList(call.Args[0], c)
			return v, boolValue(call.Args[1]), ok
		}
	case "IntInSlice": // numbers, recorded as their decimal text
		if len(call.Args) == 1 {
			if lit, ok := unparen(call.Args[0]).(*ast.CompositeLit); ok {
				var out []string
				for _, el := range lit.Elts {
					n, ok := intValue(el, c)
					if !ok {
						return nil, false, false
					}
					out = append(out, strconv.Itoa(n))
				}
				return out, false, true
			}
		}
	case "OneOf", "OneOfCaseInsensitive":
		var out []string
		for _, a := range call.Args {
			if l, ok := stringList(a, c); ok {
				out = append(out, l...)
				continue
			}
			s, ok := strValue(a, c)
			if !ok {
				return nil, false, false
			}
			out = append(out, s)
		}
		return out, name == "OneOfCaseInsensitive", true
	case "ToDiagFunc", "All":
		// validation.All: every validator applies, so an enum among them bounds the value.
		for _, a := range call.Args {
			if v, ic, ok := enumOf(a, c); ok {
				return v, ic, true
			}
		}
	}
	return nil, false, false
}

// ---- SDKv2 schema ------------------------------------------------------------------------------

type sdkSchema struct {
	typ                          string // TypeString …
	required, optional, computed bool
	hasDefault                   bool
	minItems, maxItems           int
	configMode                   string
	elemSchema                   *sdkSchema
	elemResource                 map[string]*sdkSchema
	elemResourceKnown            bool
	enum                         []string
	enumIC                       bool
}

func sdkMap(e ast.Expr, c ctx, where string) map[string]*sdkSchema {
	e, c = deref(e, c, 0)
	if fl, ok := e.(*ast.FuncLit); ok {
		r, c2, ok := returned(fl.Body, c)
		if !ok {
			warn("%s: schema func without a return", where)
			return nil
		}
		return sdkMap(r, c2, where)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		warn("%s: schema map is not a literal (%T at %s)", where, e, fset.Position(e.Pos()))
		return nil
	}
	out := map[string]*sdkSchema{}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := strValue(kv.Key, c)
		if !ok {
			warn("%s: key not resolved at %s", where, fset.Position(kv.Key.Pos()))
			continue
		}
		out[k] = sdkField(kv.Value, c, where+"."+k)
	}
	// `s := map…{…}; s["x"] = …; maps.Copy(s, other)` in the function that built it
	if c.body != nil {
		ast.Inspect(c.body, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if ix, ok := as.Lhs[0].(*ast.IndexExpr); ok {
					if k, ok := strValue(ix.Index, c); ok {
						out[k] = sdkField(as.Rhs[0], c, where+"."+k)
					}
				}
			}
			return true
		})
	}
	return out
}

// sdkTypes: terraform-plugin-sdk's ValueTypes (anything else is a constant naming one).
var sdkTypes = map[string]bool{"TypeBool": true, "TypeInt": true, "TypeFloat": true, "TypeString": true,
	"TypeList": true, "TypeMap": true, "TypeSet": true}

func sdkField(e ast.Expr, c ctx, where string) *sdkSchema {
	e, c = deref(e, c, 0)
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		warn("%s: schema is not a literal (%T at %s)", where, e, fset.Position(e.Pos()))
		return &sdkSchema{typ: "TypeString", optional: true}
	}
	s := &sdkSchema{}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key := kv.Key.(*ast.Ident).Name
		switch key {
		case "Type":
			t, tc := kv.Value, c
			for i := 0; i < 5 && !sdkTypes[selName(t)]; i++ {
				v, c2, ok := tc.lookupValue(t) // nullable.TypeNullableInt = schema.TypeString
				if !ok {
					break
				}
				t, tc = v, c2
			}
			s.typ = selName(t)
		case "Required":
			s.required = boolValue(kv.Value)
		case "Optional":
			s.optional = boolValue(kv.Value)
		case "Computed":
			s.computed = boolValue(kv.Value)
		case "Default", "DefaultFunc":
			s.hasDefault = true
		case "MinItems":
			s.minItems, _ = intValue(kv.Value, c)
		case "MaxItems":
			s.maxItems, _ = intValue(kv.Value, c)
		case "ConfigMode":
			s.configMode = selName(kv.Value)
		case "ValidateFunc", "ValidateDiagFunc":
			if v, ic, ok := enumOf(kv.Value, c); ok {
				s.enum, s.enumIC = v, ic
			} else if looksLikeEnum(kv.Value) {
				warn("%s: enum validator not resolved at %s", where, fset.Position(kv.Value.Pos()))
			}
		case "Elem":
			v, c2 := deref(kv.Value, c, 0)
			switch x := v.(type) {
			case *ast.CompositeLit:
				if selName(x.Type) == "Resource" {
					s.elemResourceKnown = true
					for _, f := range x.Elts {
						if kv2, ok := f.(*ast.KeyValueExpr); ok {
							k := kv2.Key.(*ast.Ident).Name
							if k == "Schema" || k == "SchemaFunc" {
								s.elemResource = sdkMap(kv2.Value, c2, where)
							}
						}
					}
				} else {
					s.elemSchema = sdkField(x, c2, where+"[]")
				}
			case *ast.SelectorExpr: // Elem: schema.TypeString
				s.elemSchema = &sdkSchema{typ: x.Sel.Name}
			default:
				warn("%s: Elem not resolved (%T at %s)", where, v, fset.Position(v.Pos()))
			}
		}
	}
	return s
}

func ctyType(s *sdkSchema) any {
	switch s.typ {
	case "TypeString":
		return "string"
	case "TypeInt", "TypeFloat":
		return "number"
	case "TypeBool":
		return "bool"
	case "TypeList", "TypeSet", "TypeMap":
		kind := map[string]string{"TypeList": "list", "TypeSet": "set", "TypeMap": "map"}[s.typ]
		var el any = "string"
		if s.elemSchema != nil {
			el = ctyType(s.elemSchema)
		} else if s.elemResourceKnown && s.typ != "TypeMap" {
			obj := map[string]any{}
			for k, v := range s.elemResource {
				obj[k] = ctyType(v)
			}
			el = []any{"object", obj}
		}
		return []any{kind, el}
	}
	return "dynamic"
}

// coreBlock mirrors terraform-plugin-sdk helper/schema/core_schema.go.
func coreBlock(m map[string]*sdkSchema) *Block {
	b := &Block{Attributes: map[string]*Attr{}, Blocks: map[string]*NestedBlock{}}
	for name, s := range m {
		isResource := s.elemResourceKnown
		asAttr := !isResource || s.typ == "TypeMap"
		if isResource && s.typ != "TypeMap" {
			switch s.configMode {
			case "SchemaConfigModeAttr":
				asAttr = true
			case "SchemaConfigModeBlock":
				asAttr = false
			default:
				asAttr = s.computed && !s.optional
			}
		}
		if asAttr {
			a := &Attr{Type: ctyType(s), Required: s.required, Optional: s.optional, Computed: s.computed}
			if a.Required && s.hasDefault {
				a.Required, a.Optional = false, true
			}
			if s.enum != nil {
				a.Enum, a.EnumIgnoreCase = s.enum, s.enumIC
			} else if s.elemSchema != nil && s.elemSchema.enum != nil {
				a.Enum, a.EnumIgnoreCase = s.elemSchema.enum, s.elemSchema.enumIC
			}
			b.Attributes[name] = a
			continue
		}
		nb := &NestedBlock{Nesting: map[string]string{"TypeList": "list", "TypeSet": "set"}[s.typ],
			MinItems: s.minItems, MaxItems: s.maxItems, Block: coreBlock(s.elemResource)}
		if s.required && s.minItems == 0 {
			nb.MinItems = 1
		}
		if s.optional && s.minItems > 0 {
			nb.MinItems = 0
		}
		if s.computed && !s.optional {
			nb.MinItems, nb.MaxItems = 0, 0
		}
		b.Blocks[name] = nb
	}
	return b
}

// ---- plugin framework schema -------------------------------------------------------------------

func fwBlock(e ast.Expr, c ctx, where string) *Block {
	e, c = deref(e, c, 0)
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		warn("%s: framework schema not a literal", where)
		return &Block{}
	}
	b := &Block{Attributes: map[string]*Attr{}, Blocks: map[string]*NestedBlock{}}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch kv.Key.(*ast.Ident).Name {
		case "Attributes":
			m, c2 := deref(kv.Value, c, 0)
			for _, a := range m.(*ast.CompositeLit).Elts {
				akv := a.(*ast.KeyValueExpr)
				name, ok := strValue(akv.Key, c2)
				if !ok {
					warn("%s: attribute key not resolved", where)
					continue
				}
				b.Attributes[name] = fwAttr(akv.Value, c2, where+"."+name)
			}
		case "Blocks":
			m, c2 := deref(kv.Value, c, 0)
			for _, a := range m.(*ast.CompositeLit).Elts {
				akv := a.(*ast.KeyValueExpr)
				name, ok := strValue(akv.Key, c2)
				if !ok {
					continue
				}
				b.Blocks[name] = fwNested(akv.Value, c2, where+"."+name)
			}
		}
	}
	return b
}

func fwAttr(e ast.Expr, c ctx, where string) *Attr {
	e, c = deref(e, c, 0)
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		warn("%s: framework attribute not a literal", where)
		return &Attr{Type: "dynamic", Optional: true}
	}
	kind := selName(lit.Type)
	a := &Attr{}
	switch kind {
	case "StringAttribute":
		a.Type = "string"
	case "BoolAttribute":
		a.Type = "bool"
	case "Int64Attribute", "Int32Attribute", "Float64Attribute", "Float32Attribute", "NumberAttribute":
		a.Type = "number"
	case "ListAttribute", "SetAttribute", "MapAttribute":
		a.Type = []any{strings.ToLower(strings.TrimSuffix(kind, "Attribute")), "string"}
	default:
		a.Type = "dynamic"
		warn("%s: framework attribute kind %s", where, kind)
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch kv.Key.(*ast.Ident).Name {
		case "Required":
			a.Required = boolValue(kv.Value)
		case "Optional":
			a.Optional = boolValue(kv.Value)
		case "Computed":
			a.Computed = boolValue(kv.Value)
		case "CustomType":
			if v, ic, ok := enumOf(kv.Value, c); ok {
				a.Enum, a.EnumIgnoreCase = v, ic
			}
		case "ElementType":
			if t := fwElemType(kv.Value); t != "" {
				a.Type = []any{a.Type.([]any)[0], t}
			}
		case "Validators":
			if l, ok := unparen(kv.Value).(*ast.CompositeLit); ok {
				for _, v := range l.Elts {
					if vals, ic, ok := enumOf(v, c); ok {
						a.Enum, a.EnumIgnoreCase = vals, ic
					}
					// setvalidator.ValueStringsAre(stringvalidator.OneOf(…))
					if call, ok := unparen(v).(*ast.CallExpr); ok && selName(call.Fun) == "ValueStringsAre" {
						for _, inner := range call.Args {
							if vals, ic, ok := enumOf(inner, c); ok {
								a.Enum, a.EnumIgnoreCase = vals, ic
							}
						}
					}
				}
			}
		}
	}
	return a
}

func fwElemType(e ast.Expr) string {
	switch selName(e) {
	case "StringType", "ARNType":
		return "string"
	case "BoolType":
		return "bool"
	case "Int64Type", "Int32Type", "Float64Type", "NumberType":
		return "number"
	}
	if call, ok := e.(*ast.CallExpr); ok && selName(call.Fun) == "StringEnumType" {
		return "string"
	}
	return ""
}

func fwNested(e ast.Expr, c ctx, where string) *NestedBlock {
	e, c = deref(e, c, 0)
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		warn("%s: framework block not a literal", where)
		return &NestedBlock{Nesting: "list", Block: &Block{}}
	}
	nb := &NestedBlock{Block: &Block{}}
	switch selName(lit.Type) {
	case "ListNestedBlock":
		nb.Nesting = "list"
	case "SetNestedBlock":
		nb.Nesting = "set"
	case "SingleNestedBlock":
		nb.Nesting = "single"
	default:
		nb.Nesting = "list"
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		switch kv.Key.(*ast.Ident).Name {
		case "NestedObject":
			nb.Block = fwBlock(kv.Value, c, where)
		case "Attributes", "Blocks": // SingleNestedBlock
			tmp := fwBlock(&ast.CompositeLit{Elts: []ast.Expr{kv}}, c, where)
			if nb.Block.Attributes == nil {
				nb.Block.Attributes = map[string]*Attr{}
				nb.Block.Blocks = map[string]*NestedBlock{}
			}
			for k, v := range tmp.Attributes {
				nb.Block.Attributes[k] = v
			}
			for k, v := range tmp.Blocks {
				nb.Block.Blocks[k] = v
			}
		case "Validators":
			if l, ok := unparen(kv.Value).(*ast.CompositeLit); ok {
				for _, v := range l.Elts {
					if call, ok := unparen(v).(*ast.CallExpr); ok && len(call.Args) == 1 {
						n, _ := intValue(call.Args[0], c)
						switch selName(call.Fun) {
						case "SizeAtMost":
							nb.MaxItems = n
						case "SizeAtLeast":
							nb.MinItems = n
						case "IsRequired":
						}
					} else if ok && selName(call.Fun) == "IsRequired" {
						nb.MinItems = 1
					}
				}
			}
		}
	}
	return nb
}

// ---- resources ---------------------------------------------------------------------------------

// registration finds the factory and region mode of a resource type in service_package_gen.go.
func registration(svc, typ string) (factory string, framework bool, regional bool) {
	p := load(providerModule + "/internal/service/" + svc)
	for _, f := range p.files {
		if filepath.Base(fset.Position(f.Pos()).Filename) != "service_package_gen.go" {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil {
				continue
			}
			isFw := fd.Name.Name == "FrameworkResources"
			if fd.Name.Name != "SDKResources" && !isFw {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				lit, ok := n.(*ast.CompositeLit)
				if !ok {
					return true
				}
				var fac, name, region string
				for _, el := range lit.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch kv.Key.(*ast.Ident).Name {
					case "Factory":
						fac = selName(kv.Value)
					case "TypeName":
						name, _ = strValue(kv.Value, ctx{p: p, f: f})
					case "Region":
						region = selName(unparen(kv.Value).(*ast.CallExpr).Fun)
						if call, ok := kv.Value.(*ast.CallExpr); ok && selName(call.Fun) == "Make" {
							region = selName(call.Args[0].(*ast.CallExpr).Fun)
						}
					}
				}
				if name == typ && fac != "" {
					factory, framework, regional = fac, isFw, region == "ResourceRegionDefault"
					return false
				}
				return true
			})
		}
	}
	return
}

func sdkResource(svc, factory string) (map[string]*sdkSchema, []string) {
	p := load(providerModule + "/internal/service/" + svc)
	d, ok := p.funcs[factory]
	if !ok {
		warn("%s: factory %s not found", svc, factory)
		return nil, nil
	}
	r, c, ok := returned(d.Body, ctx{p: p, f: p.owner[d]})
	if !ok {
		warn("%s: no return", factory)
		return nil, nil
	}
	r, c = deref(r, c, 0)
	lit, ok := r.(*ast.CompositeLit)
	if !ok {
		warn("%s: resource not a literal", factory)
		return nil, nil
	}
	var m map[string]*sdkSchema
	var timeouts []string
	for _, el := range lit.Elts {
		kv := el.(*ast.KeyValueExpr)
		switch kv.Key.(*ast.Ident).Name {
		case "Schema", "SchemaFunc":
			m = sdkMap(kv.Value, c, factory)
		case "Timeouts":
			if t, ok := unparen(kv.Value).(*ast.CompositeLit); ok {
				for _, te := range t.Elts {
					timeouts = append(timeouts, strings.ToLower(te.(*ast.KeyValueExpr).Key.(*ast.Ident).Name))
				}
			}
		}
	}
	return m, timeouts
}

func fwResource(svc, factory string) *Block {
	p := load(providerModule + "/internal/service/" + svc)
	d, ok := p.funcs[factory]
	if !ok {
		warn("%s: factory %s not found", svc, factory)
		return &Block{}
	}
	// the resource struct: `r := &xResource{}` in the factory
	var typeName string
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && typeName == "" {
			if id, ok := lit.Type.(*ast.Ident); ok {
				typeName = id.Name
			}
		}
		return true
	})
	m, ok := p.meths[typeName+".Schema"]
	if !ok {
		warn("%s: Schema method of %s not found", factory, typeName)
		return &Block{}
	}
	var out *Block
	ast.Inspect(m.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 {
			if sel, ok := as.Lhs[0].(*ast.SelectorExpr); ok && sel.Sel.Name == "Schema" {
				out = fwBlock(as.Rhs[0], ctx{p: p, f: p.owner[m]}, factory)
				return false
			}
		}
		return true
	})
	if out == nil {
		warn("%s: schema assignment not found", factory)
		return &Block{}
	}
	return out
}

func extract(svc, typ string) *Block {
	factory, framework, regional := registration(svc, typ)
	if factory == "" {
		warn("%s: not registered in %s", typ, svc)
		return &Block{}
	}
	var b *Block
	if framework {
		b = fwResource(svc, factory)
	} else {
		m, timeouts := sdkResource(svc, factory)
		b = coreBlock(m)
		if _, ok := b.Attributes["id"]; !ok {
			b.Attributes["id"] = &Attr{Type: "string", Optional: true, Computed: true}
		}
		if len(timeouts) > 0 {
			tb := &Block{Attributes: map[string]*Attr{}}
			for _, t := range timeouts {
				if t == "default" {
					continue
				}
				tb.Attributes[t] = &Attr{Type: "string", Optional: true}
			}
			b.Blocks["timeouts"] = &NestedBlock{Nesting: "single", Block: tb}
		}
	}
	if regional {
		if _, ok := b.Attributes["region"]; !ok {
			b.Attributes["region"] = &Attr{Type: "string", Optional: true, Computed: true}
		}
	}
	return b
}

// ---- provider schema JSON (optional) ------------------------------------------------------------

type jsonBlock struct {
	Attributes map[string]struct {
		Type     any  `json:"type"`
		Required bool `json:"required"`
		Optional bool `json:"optional"`
		Computed bool `json:"computed"`
	} `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string     `json:"nesting_mode"`
		MinItems    int        `json:"min_items"`
		MaxItems    int        `json:"max_items"`
		Block       *jsonBlock `json:"block"`
	} `json:"block_types"`
}

// fromJSON: the structure from the provider's own schema, with the enums found in the source.
func fromJSON(j *jsonBlock, src *Block, path string) *Block {
	b := &Block{Attributes: map[string]*Attr{}, Blocks: map[string]*NestedBlock{}}
	if src == nil {
		src = &Block{}
	}
	for k, a := range j.Attributes {
		out := &Attr{Type: a.Type, Required: a.Required, Optional: a.Optional, Computed: a.Computed}
		if s, ok := src.Attributes[k]; ok {
			out.Enum, out.EnumIgnoreCase = s.Enum, s.EnumIgnoreCase
			if s.Required != a.Required || s.Optional != a.Optional || s.Computed != a.Computed {
				fmt.Fprintf(os.Stderr, "diff %s.%s: source r/o/c %v/%v/%v, provider %v/%v/%v\n", path, k,
					s.Required, s.Optional, s.Computed, a.Required, a.Optional, a.Computed)
			}
		} else {
			fmt.Fprintf(os.Stderr, "diff %s.%s: attribute missing from the source extraction\n", path, k)
		}
		b.Attributes[k] = out
	}
	for k := range src.Attributes {
		if _, ok := j.Attributes[k]; !ok {
			fmt.Fprintf(os.Stderr, "diff %s.%s: attribute only in the source extraction\n", path, k)
		}
	}
	for k, nb := range j.BlockTypes {
		var inner *Block
		if s, ok := src.Blocks[k]; ok {
			inner = s.Block
			if s.Nesting != nb.NestingMode || s.MinItems != nb.MinItems || s.MaxItems != nb.MaxItems {
				fmt.Fprintf(os.Stderr, "diff %s.%s: source %s %d..%d, provider %s %d..%d\n", path, k,
					s.Nesting, s.MinItems, s.MaxItems, nb.NestingMode, nb.MinItems, nb.MaxItems)
			}
		} else {
			fmt.Fprintf(os.Stderr, "diff %s.%s: block missing from the source extraction\n", path, k)
		}
		blk := nb.Block
		if blk == nil {
			blk = &jsonBlock{}
		}
		b.Blocks[k] = &NestedBlock{Nesting: nb.NestingMode, MinItems: nb.MinItems, MaxItems: nb.MaxItems,
			Block: fromJSON(blk, inner, path+"."+k)}
	}
	for k := range src.Blocks {
		if _, ok := j.BlockTypes[k]; !ok {
			fmt.Fprintf(os.Stderr, "diff %s.%s: block only in the source extraction\n", path, k)
		}
	}
	return b
}

func prune(b *Block) {
	if len(b.Attributes) == 0 {
		b.Attributes = nil
	}
	if len(b.Blocks) == 0 {
		b.Blocks = nil
	}
	for _, nb := range b.Blocks {
		prune(nb.Block)
	}
}

// ---- main --------------------------------------------------------------------------------------

func readGoMod(path string) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(fields) >= 2 && strings.Contains(fields[0], ".") && strings.HasPrefix(fields[1], "v") {
			requires[fields[0]] = fields[1]
		}
	}
}

func main() {
	flag.StringVar(&providerDir, "provider", "", "terraform-provider-aws source directory")
	version := flag.String("version", "", "provider version or commit to record")
	schemaJSON := flag.String("schema-json", "", "optional `terraform providers schema -json` output")
	out := flag.String("out", "src/data/tf-schemas/aws.json", "output file")
	flag.Parse()
	if providerDir == "" {
		fmt.Fprintln(os.Stderr, "-provider is required")
		os.Exit(2)
	}
	modCache = os.Getenv("GOMODCACHE")
	if modCache == "" {
		home, _ := os.UserHomeDir()
		modCache = filepath.Join(home, "go", "pkg", "mod")
	}
	readGoMod(filepath.Join(providerDir, "go.mod"))

	var provider map[string]*jsonBlock
	how := "terraform-provider-aws Go source parsed with go/parser (scripts/extract-tf-schema.go): structure as terraform-plugin-sdk's core schema derives it, enum values from the validators and the AWS SDK for Go v2 enums"
	if *schemaJSON != "" {
		raw, err := os.ReadFile(*schemaJSON)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var doc struct {
			ProviderSchemas map[string]struct {
				ResourceSchemas map[string]struct {
					Block *jsonBlock `json:"block"`
				} `json:"resource_schemas"`
			} `json:"provider_schemas"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		provider = map[string]*jsonBlock{}
		for _, ps := range doc.ProviderSchemas {
			for k, v := range ps.ResourceSchemas {
				provider[k] = v.Block
			}
		}
		how = "structure from `terraform providers schema -json` of a build of this commit; enum values from the Go source validators and the AWS SDK for Go v2 enums (scripts/extract-tf-schema.go)"
	}

	resources := map[string]*Block{}
	for _, rt := range resourceTypes {
		b := extract(rt.svc, rt.typ)
		if provider != nil {
			if j, ok := provider[rt.typ]; ok {
				b = fromJSON(j, b, rt.typ)
			} else {
				warn("%s: not in the provider schema JSON", rt.typ)
			}
		}
		prune(b)
		resources[rt.typ] = b
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	doc := map[string]any{
		"source":    "hashicorp/terraform-provider-aws",
		"version":   *version,
		"extracted": how,
		"resources": resources,
	}
	// encoding/json sorts map keys, so the output is stable.
	data, err := json.Marshal(doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, append(data, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names := make([]string, 0, len(resources))
	for k := range resources {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(os.Stderr, "wrote %s: %d resource types\n", *out, len(names))
}
