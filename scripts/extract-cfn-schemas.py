#!/usr/bin/env python3
"""Extract the CloudFormation resource schemas hako validates templates against (HAKO-003, ECS-017).

Writes src/data/cfn-schemas.json: the AWS CloudFormation registry schema (us-east-1) of every
resource type the CloudFormation adapter adapts (TYPES below, the `case 'AWS::...'` list and the
IAM policy types of src/adapters/cloudformation/index.ts), reduced to the JSON-schema keywords the
validator (src/engines/resource-schema/cloudformation.ts) reads:

    type, properties, required, additionalProperties, patternProperties, definitions/$ref, enum,
    items, oneOf/anyOf/allOf, minItems/maxItems, and the top-level readOnlyProperties

plus `documentedEnum` on the few string properties whose valid values only the service API
documents (API_VALUES below, read from src/data/aws-shapes/).

Descriptions, formats, patterns, lengths, handlers, permissions and tagging metadata are dropped,
and definitions no property reaches are left out. cfn-lint's own keyword `requiredOr: [A, B]`
("at least one of") is rewritten as the standard `anyOf: [{required: [A]}, {required: [B]}]`.

The schemas come from cfn-lint (MIT-0, https://github.com/aws-cloudformation/cfn-lint), which
ships the registry schemas with its patches applied: cfnlint/data/schemas/providers/us-east-1.json
maps a type to cfnlint/data/schemas/resources/<hash>.json, and cfnlint/data/schemas/version.json
gives the date the schemas were taken.

Rerun (from the repository root):

    python3 scripts/extract-cfn-schemas.py                 # pip download --no-deps cfn-lint==1.58.0 into a temp dir
    python3 scripts/extract-cfn-schemas.py --wheel /path/to/cfn_lint-1.58.0-py3-none-any.whl
    # options: --version X.Y.Z (cfn-lint version to download, default 1.58.0),
    #          --out FILE (default: src/data/cfn-schemas.json)

The wheel is read as a zip file; cfn-lint is never imported. The output is deterministic for a
given cfn-lint version.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DEFAULT_VERSION = '1.58.0'

# The resource types the CloudFormation adapter adapts (src/adapters/cloudformation/index.ts).
TYPES = [
    'AWS::ECS::TaskDefinition',
    'AWS::ECS::Service',
    'AWS::ECS::Cluster',
    'AWS::ECR::Repository',
    'AWS::ECR::RegistryPolicy',
    'AWS::ECR::RegistryScanningConfiguration',
    'AWS::ECR::ReplicationConfiguration',
    'AWS::EKS::Cluster',
    'AWS::EKS::Nodegroup',
    'AWS::EKS::AccessEntry',
    'AWS::EKS::PodIdentityAssociation',
    'AWS::GuardDuty::Detector',
    'AWS::KMS::Key',
    'AWS::Logs::LogGroup',
    'AWS::Events::Rule',
    'AWS::IAM::Role',
    'AWS::IAM::Policy',
    'AWS::IAM::ManagedPolicy',
    'AWS::IAM::RolePolicy',
]

# Properties the registry schema types as a plain string whose valid values the service API
# documents (the schema passes any string, the service then fails the deployment). Their values are
# taken from hako's botocore extract (src/data/aws-shapes/<service>.json, member `values`) and
# stored as `documentedEnum`, apart from the schema's own `enum`, so their provenance stays visible.
#   AWS::EKS::AccessEntry Type -> CreateAccessEntry `type` (botocore:eks, CreateAccessEntryRequest)
API_VALUES: dict[tuple[str, str], tuple[str, str, str]] = {
    ('AWS::EKS::AccessEntry', 'Type'): ('eks', 'CreateAccessEntryRequest', 'type'),
}
SHAPES_DIR = Path('src/data/aws-shapes')

SCHEMAS = 'cfnlint/data/schemas'
PROVIDER = f'{SCHEMAS}/providers/us-east-1.json'
VERSION_FILE = f'{SCHEMAS}/version.json'

# Keywords kept on every (sub)schema; their values are reduced recursively where they hold schemas.
SCALAR_KEYWORDS = ('type', 'enum', 'required', 'minItems', 'maxItems', '$ref')
BRANCH_KEYWORDS = ('oneOf', 'anyOf', 'allOf')


def fail(message: str) -> None:
    sys.exit(f'extract-cfn-schemas: {message}')


def download(version: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary', ':all:',
         '--dest', str(into), f'cfn-lint=={version}'],
        check=True,
    )
    wheels = sorted(into.glob('cfn_lint-*.whl'))
    if not wheels:
        fail(f'pip download left no cfn_lint wheel in {into}')
    return wheels[0]


def reduce(schema: object, where: str) -> dict:
    """The schema with only the keywords the validator reads."""
    if not isinstance(schema, dict):
        fail(f'{where} is not a schema object')
    out: dict = {}
    for k in SCALAR_KEYWORDS:
        if k in schema:
            out[k] = schema[k]
    if 'properties' in schema:
        out['properties'] = {
            name: reduce(sub, f'{where}/properties/{name}') for name, sub in schema['properties'].items()
        }
    if 'patternProperties' in schema:
        out['patternProperties'] = {
            p: reduce(sub, f'{where}/patternProperties/{p}') for p, sub in schema['patternProperties'].items()
        }
    extra = schema.get('additionalProperties')
    if extra is False:
        out['additionalProperties'] = False
    elif isinstance(extra, dict):
        out['additionalProperties'] = reduce(extra, f'{where}/additionalProperties')
    if 'items' in schema:
        items = schema['items']
        if isinstance(items, dict):
            out['items'] = reduce(items, f'{where}/items')
    for k in BRANCH_KEYWORDS:
        if k in schema:
            branches = [reduce(b, f'{where}/{k}/{i}') for i, b in enumerate(schema[k])]
            # a branch holding only keywords the validator ignores (e.g. `format`) constrains nothing
            kept = [b for b in branches if b]
            if len(kept) == len(branches):
                out[k] = kept
            elif k == 'allOf' and kept:
                out[k] = kept
    either = schema.get('requiredOr')
    if either is not None:
        alternatives = [{'required': [name]} for name in either]
        if 'anyOf' in out:
            out['allOf'] = out.get('allOf', []) + [{'anyOf': alternatives}]
        else:
            out['anyOf'] = alternatives
    return out


REF = re.compile(r'^#/definitions/(.+)$')


def refs(schema: object, found: set[str]) -> None:
    if isinstance(schema, dict):
        r = schema.get('$ref')
        if isinstance(r, str):
            m = REF.match(r)
            if not m:
                fail(f'unsupported $ref {r}')
            found.add(m.group(1))
        for v in schema.values():
            refs(v, found)
    elif isinstance(schema, list):
        for v in schema:
            refs(v, found)


def extract(type_name: str, raw: dict) -> dict:
    top = {k: v for k, v in raw.items() if k != 'definitions'}
    out = reduce(top, type_name)
    if 'readOnlyProperties' in raw:
        out['readOnlyProperties'] = sorted(raw['readOnlyProperties'])
    defs = raw.get('definitions', {})
    reduced: dict[str, dict] = {}
    todo: set[str] = set()
    refs(out, todo)
    while todo:
        name = todo.pop()
        if name in reduced:
            continue
        if name not in defs:
            fail(f'{type_name}: $ref to missing definition {name}')
        reduced[name] = reduce(defs[name], f'{type_name}/definitions/{name}')
        more: set[str] = set()
        refs(reduced[name], more)
        todo |= more - set(reduced)
    if reduced:
        out['definitions'] = dict(sorted(reduced.items()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--wheel', type=Path, help='a cfn-lint wheel (default: pip download it)')
    ap.add_argument('--version', default=DEFAULT_VERSION, help='cfn-lint version to download')
    ap.add_argument('--out', type=Path, default=Path('src/data/cfn-schemas.json'))
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download(args.version, Path(tmp))
        m = re.match(r'cfn_lint-([^-]+)-', wheel.name)
        if not m:
            fail(f'{wheel.name} does not look like a cfn-lint wheel')
        version = m.group(1)
        with zipfile.ZipFile(wheel) as z:
            provider = json.loads(z.read(PROVIDER))
            schema_date = json.loads(z.read(VERSION_FILE))['schema_date']
            types: dict[str, dict] = {}
            for t in TYPES:
                h = provider.get(t)
                if h is None:
                    fail(f'{t} is not in {PROVIDER}')
                raw = json.loads(z.read(f'{SCHEMAS}/resources/{h}.json'))
                if raw.get('typeName') not in (None, t):
                    fail(f'{t}: schema says typeName {raw.get("typeName")}')
                types[t] = extract(t, raw)
    for (t, prop), (service, shape, member) in API_VALUES.items():
        shapes = json.loads((SHAPES_DIR / f'{service}.json').read_text(encoding='utf-8'))['shapes']
        m = shapes[shape]['members'][member]
        values = m.get('values') if isinstance(m, dict) else None
        if not values:
            fail(f'{SHAPES_DIR}/{service}.json: {shape}.{member} has no documented values')
        target = types[t]['properties'][prop]
        if target.get('type') != 'string' or 'enum' in target:
            fail(f'{t} {prop}: expected a plain string property, found {target}')
        target['documentedEnum'] = values

    doc = {
        'source': (
            'AWS CloudFormation resource provider schemas (us-east-1) as shipped in cfn-lint '
            '(MIT-0, https://github.com/aws-cloudformation/cfn-lint): '
            'cfnlint/data/schemas/resources/<hash>.json; reduced by scripts/extract-cfn-schemas.py'
        ),
        'version': f'cfn-lint {version}',
        'schemaDate': schema_date,
        'types': types,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # one line per definition keeps diffs readable without the size of a fully indented file
    lines = ['{']
    for k in ('source', 'version', 'schemaDate'):
        lines.append(f'  {json.dumps(k)}: {json.dumps(doc[k])},')
    lines.append('  "types": {')
    for i, (t, s) in enumerate(types.items()):
        lines.append(f'    {json.dumps(t)}: {{')
        parts = [(k, v) for k, v in s.items() if k != 'definitions']
        entries = [f'      {json.dumps(k)}: {json.dumps(v, sort_keys=True)}' for k, v in parts]
        if 'definitions' in s:
            defs = [
                f'        {json.dumps(n)}: {json.dumps(d, sort_keys=True)}' for n, d in s['definitions'].items()
            ]
            entries.append('      "definitions": {\n' + ',\n'.join(defs) + '\n      }')
        lines.append(',\n'.join(entries))
        lines.append('    }' + (',' if i < len(types) - 1 else ''))
    lines.append('  }')
    lines.append('}')
    text = '\n'.join(lines) + '\n'
    json.loads(text)  # the hand-laid-out file must still be JSON
    args.out.write_text(text, encoding='utf-8')
    print(f'extract-cfn-schemas: wrote {args.out} ({len(types)} types, cfn-lint {version}, schemas {schema_date})')


if __name__ == '__main__':
    main()
