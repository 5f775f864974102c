#!/usr/bin/env python3
"""Extract the Kubernetes field names hako validates pod-bearing objects against (HAKO-003).

Writes src/data/k8s-fields.json: for every type reachable from the pod-bearing kinds (Pod,
PodTemplate, ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob),
its JSON field names and their types, read from the generated models of the official Kubernetes
Python client (`kubernetes/client/models/*.py`: `attribute_map` {python_name: jsonName} and
`openapi_types` {python_name: type}). The client is generated from the API server's OpenAPI
document of one Kubernetes release, the same schema `kubectl apply --validate=strict` (server-side
field validation) decodes against, so an unknown key here is one the API server rejects.

Rerun (from the repository root):

    pip install --target /tmp/k8s --no-deps kubernetes      # or: pip download + unzip the wheel
    python3 scripts/extract-k8s-fields.py --client /tmp/k8s
    # options: --out FILE (default: src/data/k8s-fields.json)

The models are read with `ast`, never imported, so the client's dependencies need not be
installed. Both generator styles are understood: plain class attributes (clients up to 34.x,
`list[V1Container]`, `dict(str, str)`) and pydantic class variables (35.x on, `List[V1Container]`,
`Dict[str, str]`). The output is deterministic for a given client version.

Type strings in the output:
    V1Xxx               a nested object of that type (a key of `types`)
    list[T]             an array of T
    dict(str, T)        an object with free keys and values of T (labels, annotations, limits)
    str int float bool  scalars; `datetime` and `date` are strings in JSON
    quantity            a resource.Quantity: a string or a number (the client types it `str`)
    object              anything (int-or-string, raw JSON)
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

# apiVersion + kind -> root model. Only the pod-bearing kinds hako models as workloads.
ROOTS: dict[str, str] = {
    'v1 Pod': 'V1Pod',
    'v1 PodTemplate': 'V1PodTemplate',
    'v1 ReplicationController': 'V1ReplicationController',
    'apps/v1 Deployment': 'V1Deployment',
    'apps/v1 StatefulSet': 'V1StatefulSet',
    'apps/v1 DaemonSet': 'V1DaemonSet',
    'apps/v1 ReplicaSet': 'V1ReplicaSet',
    'batch/v1 Job': 'V1Job',
    'batch/v1 CronJob': 'V1CronJob',
}

# Fields whose Go type is resource.Quantity (or a ResourceList of them): the Python client types
# them `str`, but the API server also accepts a JSON number (`cpu: 1`, `memory: 1e9`). Listed by
# hand from the Go types (k8s.io/api/core/v1/types.go: ResourceList, EmptyDirVolumeSource.SizeLimit,
# ResourceFieldSelector.Divisor, PodSpec.Overhead; status-only fields for `kubectl get -o yaml`
# output). The script fails when one of them is typed other than `str`/`dict(str, str)`; one a
# client release does not have is skipped.
QUANTITY_FIELDS: list[tuple[str, str]] = [
    ('V1ResourceRequirements', 'limits'),
    ('V1ResourceRequirements', 'requests'),
    ('V1VolumeResourceRequirements', 'limits'),
    ('V1VolumeResourceRequirements', 'requests'),
    ('V1PodSpec', 'overhead'),
    ('V1EmptyDirVolumeSource', 'sizeLimit'),
    ('V1ResourceFieldSelector', 'divisor'),
    ('V1ContainerStatus', 'allocatedResources'),
    ('V1PodStatus', 'allocatedResources'),
    ('V1PersistentVolumeClaimStatus', 'allocatedResources'),
    ('V1PersistentVolumeClaimStatus', 'capacity'),
    ('V1NodeAllocatableMappedResources', 'quantity'),
    ('V1NodeAllocatableOverheadResources', 'perContainer'),
    ('V1NodeAllocatableOverheadResources', 'perPod'),
]

# Fields upstream Kubernetes serves that the newest client does not have yet: (type, jsonName,
# type string, source). Empty for client 37.0.2, which is generated from release-1.37, the newest
# Kubernetes release (1.38 is not out). Add rows here when a client lags a release.
ADDITIONS: list[tuple[str, str, str, str]] = []

# Recent fields (type, jsonName, the release that added them) that must be present: a guard that
# the client is not older than the schema hako's rules were written for. The script fails when
# one is missing and not in ADDITIONS.
RECENT_FIELDS: list[tuple[str, str, str]] = [
    ('V1SecurityContext', 'appArmorProfile', '1.30'),
    ('V1Volume', 'image', '1.31'),
    ('V1PodSecurityContext', 'supplementalGroupsPolicy', '1.31'),
    ('V1PodSecurityContext', 'seLinuxChangePolicy', '1.32'),
    ('V1PodSpec', 'resources', '1.32'),
    ('V1Lifecycle', 'stopSignal', '1.33'),
    ('V1PodSpec', 'hostnameOverride', '1.34'),
    ('V1Container', 'restartPolicyRules', '1.34'),
    ('V1EnvVarSource', 'fileKeyRef', '1.34'),
    ('V1VolumeProjection', 'podCertificate', '1.34'),
]

TYPE_REF = re.compile(r'^[A-Z][A-Za-z0-9]*$')


def normalise(t: str) -> str:
    """`List[X]`/`list[X]` -> `list[X]`, `Dict[str, X]`/`dict(str, X)` -> `dict(str, X)`."""
    t = t.strip()
    m = re.fullmatch(r'(?:List|list)\[(.+)\]', t)
    if m:
        return f'list[{normalise(m.group(1))}]'
    m = re.fullmatch(r'(?:Dict\[|dict\()str,\s*(.+)[\])]', t)
    if m:
        return f'dict(str, {normalise(m.group(1))})'
    return t


def referenced(t: str) -> list[str]:
    m = re.fullmatch(r'list\[(.+)\]|dict\(str, (.+)\)', t)
    if m:
        return referenced(m.group(1) or m.group(2))
    return [t] if TYPE_REF.match(t) and t not in ('str', 'int', 'float', 'bool', 'object') else []


def read_models(models: Path) -> dict[str, dict[str, str]]:
    """Class name -> {jsonName: type} for every generated model file."""
    out: dict[str, dict[str, str]] = {}
    for f in sorted(models.glob('*.py')):
        tree = ast.parse(f.read_text(encoding='utf-8'))
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef):
                continue
            found: dict[str, dict[str, str]] = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.AnnAssign):
                    target, value = stmt.target, stmt.value
                elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target, value = stmt.targets[0], stmt.value
                else:
                    continue
                if isinstance(target, ast.Name) and target.id in ('openapi_types', 'attribute_map'):
                    found[target.id] = ast.literal_eval(value)
            if 'openapi_types' in found and 'attribute_map' in found:
                names = found['attribute_map']
                out[cls.name] = {names[k]: normalise(v) for k, v in found['openapi_types'].items()}
    return out


def closure(models: dict[str, dict[str, str]], roots: list[str]) -> dict[str, dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in models:
            sys.exit(f'type {name} is referenced but has no model')
        seen[name] = models[name]
        for t in models[name].values():
            stack.extend(referenced(t))
    return seen


def main() -> None:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--client', required=True, help='directory that contains the kubernetes package')
    ap.add_argument('--out', default=str(repo / 'src' / 'data' / 'k8s-fields.json'))
    args = ap.parse_args()

    pkg = Path(args.client) / 'kubernetes'
    init = (pkg / '__init__.py').read_text(encoding='utf-8')
    version = re.search(r'__version__ = "([^"]+)"', init)
    spec = re.search(r'The version of the OpenAPI document: release-(\d+\.\d+)', (pkg / 'client' / '__init__.py').read_text(encoding='utf-8'))
    if not version or not spec:
        sys.exit('cannot read the client version or its OpenAPI release')

    models = read_models(pkg / 'client' / 'models')
    for type_name, field, t, _source in ADDITIONS:
        models.setdefault(type_name, {})[field] = t
    types = closure(models, list(ROOTS.values()))

    for type_name, field in QUANTITY_FIELDS:
        t = types.get(type_name, {}).get(field)
        if t == 'str':
            types[type_name][field] = 'quantity'
        elif t == 'dict(str, str)':
            types[type_name][field] = 'dict(str, quantity)'
        elif t is not None:
            sys.exit(f'quantity field {type_name}.{field} is {t!r}, expected str or dict(str, str)')
    for type_name, field, release in RECENT_FIELDS:
        if field not in types.get(type_name, {}):
            sys.exit(f'{type_name}.{field} (Kubernetes {release}) is missing: add it to ADDITIONS with its source')

    doc = {
        'source': f'kubernetes python client {version.group(1)} (Kubernetes {spec.group(1)} API)',
        'additions': [f'{t}.{f}: {s}' for t, f, _, s in ADDITIONS],
        'roots': ROOTS,
        'types': {name: dict(sorted(fields.items())) for name, fields in sorted(types.items())},
    }
    # One type per line: small diffs when the client moves on.
    lines = ['{']
    for key in ('source', 'additions', 'roots'):
        lines.append(f'"{key}":{json.dumps(doc[key], separators=(",", ":"))},')
    lines.append('"types":{')
    entries = [f'{json.dumps(n)}:{json.dumps(f, separators=(",", ":"))}' for n, f in doc['types'].items()]
    lines.append(',\n'.join(entries))
    lines.append('}}')
    Path(args.out).write_text('\n'.join(lines) + '\n', encoding='utf-8')
    print(f'{args.out}: {len(types)} types from {doc["source"]}')


if __name__ == '__main__':
    main()
