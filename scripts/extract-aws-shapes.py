#!/usr/bin/env python3
"""Extract the AWS API shapes hako validates against from a botocore install.

Writes src/data/aws-shapes/<service>.json for ECS, ECR and EKS: the closure of shapes reachable
from a list of root shapes per service, keeping per shape only what validation needs (type,
members and their target shape, required, enum, min, max, pattern, list member, map key and
value, union/document/deprecated flags). Documentation strings are dropped, except for a small
curated list of members whose valid values the model states only in prose (see DOC_ENUMS), and a
few constraints the service enforces beyond the model are added, marked as such (SERVICE_RULES).

Rerun (from the repository root; any botocore version, the one used is recorded in the output):

    pip install --target /tmp/bc botocore          # or: pip download botocore && unzip the wheel
    python3 scripts/extract-aws-shapes.py --botocore /tmp/bc
    # options: --date YYYY-MM-DD (default: today, UTC), --out DIR (default: src/data/aws-shapes)

Without --botocore the script imports botocore from the running Python's sys.path.
The output is deterministic for a given botocore version and date.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import html
import json
import re
import sys
from pathlib import Path

# service -> (API version, root shapes). Roots are request shapes (what a user writes) and, for
# ECS, the describe output shapes (which add read-only fields such as taskDefinitionArn, revision).
SERVICES: dict[str, tuple[str, list[str]]] = {
    'ecs': (
        '2014-11-13',
        [
            'RegisterTaskDefinitionRequest',
            'TaskDefinition',
            'CreateServiceRequest',
            'Service',
            'CreateClusterRequest',
            'Cluster',
        ],
    ),
    'ecr': (
        '2015-09-21',
        [
            'CreateRepositoryRequest',
            'PutLifecyclePolicyRequest',
            'PutReplicationConfigurationRequest',
            'PutRegistryScanningConfigurationRequest',
            'PutImageScanningConfigurationRequest',
            'PutImageTagMutabilityRequest',
            'SetRepositoryPolicyRequest',
            'PutRegistryPolicyRequest',
            'RegistryScanningConfiguration',
        ],
    ),
    'eks': (
        '2017-11-01',
        [
            'CreateClusterRequest',
            'CreateNodegroupRequest',
            'CreateAccessEntryRequest',
            'AssociateAccessPolicyRequest',
            'CreatePodIdentityAssociationRequest',
        ],
    ),
}

# Members typed as a plain string (or list of strings) whose closed set of valid values the model
# gives only in the documentation ("Valid values: ..."). The service rejects other values, so
# they are extracted as `values` on the member. The script fails if the sentence is not found.
DOC_ENUMS: dict[str, list[tuple[str, str]]] = {
    'ecs': [('KernelCapabilities', 'add'), ('KernelCapabilities', 'drop')],
    'ecr': [],
    'eks': [('CreateAccessEntryRequest', 'type')],
}

# Constraints the service enforces but the model does not state (botocore lets these requests
# through; the service answers with a ClientException). Stored apart from the model's own
# `required`/`min` as `serviceRequired`/`serviceMin`, so their provenance stays visible.
#   ContainerDefinition name, image: "Container.name should not be null or empty." and
#     "Container.image should not be null or empty." (aws/aws-cli#5924,
#     awsdocs/aws-cloudformation-user-guide#612)
#   ContainerDefinitions: "Container list cannot be empty." (awsdocs/aws-cloudformation-user-guide#454)
SERVICE_RULES: dict[str, dict[str, dict]] = {
    'ecs': {
        'ContainerDefinition': {'serviceRequired': ['name', 'image']},
        'ContainerDefinitions': {'serviceMin': 1},
    },
    'ecr': {},
    'eks': {},
}

SHAPE_KEYS = ('enum', 'min', 'max', 'pattern')
FLAG_KEYS = ('union', 'document', 'deprecated')


def load_model(data_dir: Path, service: str, version: str) -> dict:
    base = data_dir / service / version / 'service-2.json'
    gz = base.with_name(base.name + '.gz')
    if base.exists():
        return json.loads(base.read_text(encoding='utf-8'))
    if gz.exists():
        with gzip.open(gz, 'rt', encoding='utf-8') as f:
            return json.load(f)
    sys.exit(f'extract-aws-shapes: no model at {base} (or .gz)')


def doc_values(doc: str, where: str) -> list[str]:
    """The values listed in the first 'Valid values' sentence of a documentation string."""
    m = re.search(r'Valid values(?: are)?:?\s*(.*?)(?:\.\s|\.?</p>)', doc, re.S)
    if not m:
        sys.exit(f'extract-aws-shapes: no "Valid values" sentence in the documentation of {where}')
    values: list[str] = []
    for code in re.findall(r'<code>(.*?)</code>', m.group(1), re.S):
        for part in html.unescape(code).split('|'):
            v = part.strip().strip('"').strip()
            if v:
                values.append(v)
    if len(values) < 2:
        sys.exit(f'extract-aws-shapes: could not read the valid values of {where}: {m.group(0)!r}')
    return values


def compact_member(member: dict, values: list[str] | None) -> str | dict:
    """A member is its target shape name, or an object when it carries more than that."""
    out: dict = {'shape': member['shape']}
    if member.get('location'):
        out['location'] = member['location']
    if member.get('deprecated'):
        out['deprecated'] = True
    if values:
        out['values'] = values
    return out if len(out) > 1 else member['shape']


def compact_shape(name: str, shape: dict, doc_enums: set[tuple[str, str]]) -> dict:
    out: dict = {'type': shape['type']}
    if 'required' in shape:
        out['required'] = shape['required']
    if 'members' in shape:
        out['members'] = {
            m: compact_member(
                spec,
                doc_values(spec.get('documentation', ''), f'{name}.{m}') if (name, m) in doc_enums else None,
            )
            for m, spec in shape['members'].items()
        }
    for k in ('member', 'key', 'value'):
        if k in shape:
            out[k] = shape[k]['shape']
    for k in SHAPE_KEYS:
        if k in shape:
            out[k] = shape[k]
    for k in FLAG_KEYS:
        if shape.get(k):
            out[k] = True
    return out


def closure(shapes: dict, roots: list[str]) -> list[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in shapes:
            sys.exit(f'extract-aws-shapes: shape {name} is referenced but not defined')
        seen.add(name)
        shape = shapes[name]
        stack.extend(m['shape'] for m in shape.get('members', {}).values())
        stack.extend(shape[k]['shape'] for k in ('member', 'key', 'value') if k in shape)
    return sorted(seen)


def render(header: dict, roots: list[str], shapes: dict) -> str:
    """Compact JSON, one shape per line, so diffs between botocore versions stay readable."""

    def dump(v: object) -> str:
        return json.dumps(v, separators=(',', ':'), ensure_ascii=False)

    lines = [f'"{k}":{dump(v)}' for k, v in shapes.items()]
    return (
        '{"header":' + dump(header) + ',\n"roots":' + dump(roots) + ',\n"shapes":{\n' + ',\n'.join(lines) + '\n}}\n'
    )


def main() -> None:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--botocore', help='directory that contains the botocore package (pip --target dir)')
    ap.add_argument('--date', default=datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    ap.add_argument('--out', default=str(repo / 'src' / 'data' / 'aws-shapes'))
    args = ap.parse_args()

    if args.botocore:
        sys.path.insert(0, args.botocore)
    import botocore  # noqa: PLC0415 (imported after sys.path is set)

    data_dir = Path(botocore.__file__).parent / 'data'
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for service, (version, roots) in SERVICES.items():
        model = load_model(data_dir, service, version)
        all_shapes = model['shapes']
        doc_enums = set(DOC_ENUMS[service])
        for shape_name, member in doc_enums:
            if member not in all_shapes.get(shape_name, {}).get('members', {}):
                sys.exit(f'extract-aws-shapes: DOC_ENUMS entry {service} {shape_name}.{member} not in the model')
        names = closure(all_shapes, roots)
        shapes = {n: compact_shape(n, all_shapes[n], doc_enums) for n in names}
        for shape_name, extra in SERVICE_RULES[service].items():
            if shape_name not in shapes:
                sys.exit(f'extract-aws-shapes: SERVICE_RULES entry {service} {shape_name} not in the closure')
            for member in extra.get('serviceRequired', []):
                if member not in shapes[shape_name].get('members', {}):
                    sys.exit(f'extract-aws-shapes: SERVICE_RULES {service} {shape_name}.{member} not in the model')
            shapes[shape_name].update(extra)
        header = {
            'source': f'botocore {botocore.__version__} data/{service}/{version}/service-2.json',
            'extracted': args.date,
        }
        text = render(header, roots, shapes)
        path = out_dir / f'{service}.json'
        path.write_text(text, encoding='utf-8')
        print(f'{path}: {len(shapes)} shapes, {len(text.encode())} bytes')


if __name__ == '__main__':
    main()
