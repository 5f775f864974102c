/**
 * hako's own words outside any one rule, in each language it speaks: notes on resources (what hako
 * assumed), `related` entries the shared rule helpers add, `summary.skipped` reasons and the input
 * errors hako words itself (HAKO-001). Producers store a note ID and its data beside the English
 * text; the scan resolves it in `--lang` (test/meta/messages-i18n.test.ts checks both languages).
 */
import { format, type Lang } from './rules/types.js';

const en = {
  // notes on resources: every finding on the resource carries them in `related`
  namespaceAssumed:
    'namespace not set: assumed default (kubectl applies it to the namespace of -n or the context)',
  presenceUnresolved: '`{expression}` could not be resolved: this resource may not exist',
  containersUnresolved:
    'container definitions `{expression}` could not be resolved: their containers are not checked',
  containersUnresolvedPlan:
    'container definitions `{expression}` could not be resolved: their containers are not checked; scan `terraform show -json` of a plan to check them',
  // related entries of the shared rule helpers (src/rules/_shared, src/rules/k8s/_pss.ts)
  executionRoleDefinedHere: 'execution role "{name}" defined here',
  taskRoleDefinedHere: 'task role "{name}" defined here',
  policyNotScanned: 'policy {policy} is not in the scanned files',
  iamAttachedPoliciesNoRole:
    '`aws iam list-attached-role-policies` output names no role, so its policies are joined to none: scan `aws iam get-account-authorization-details` instead',
  iamPolicyVersionNoPolicy:
    '`aws iam get-policy-version` output names no policy, so its document is joined to none: scan `aws iam get-account-authorization-details` instead',
  policyPartiallyKnown:
    'AWS managed policy {policy} is known to hako only in part: it can prove an allow, never a deny',
  roleClosedAssumed:
    'role "{name}" does not manage its policies exclusively: this assumes no policy is attached to it outside the scanned configuration',
  mountedBy: 'mounted by container {container} at {path}',
  mountedByReadOnly: 'mounted by container {container} at {path} (read-only)',
  mountedByNoPath: 'mounted by container {container} at (no {field})',
  mountedByNoPathReadOnly: 'mounted by container {container} at (no {field}) (read-only)',
  alsoField: 'also {field}',
  alsoContainer: 'also container {container}',
  alsoContainerField: 'also container {container} {field}',
  alsoVolume: 'also volume {volume}',
  alsoVolumeField: 'also volume {volume} {field}',
  // summary.skipped reasons
  ownReport: "hako's own {what}, not an input",
  emptyFile: 'empty file: nothing to check',
  noKind: 'of no kind hako reads',
  kustomizePatches:
    'kustomize patches: render with `kubectl kustomize {dir} | hako scan -` (patches not scanned on their own: {patches})',
  helmTemplates: 'Helm chart templates: render with `helm template {dir} | hako scan -`',
  moduleNotLocal:
    'module "{label}": source "{source}" is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
  moduleSourceNotLiteral:
    'module "{label}": a source that is not a literal string is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
  moduleNoFiles:
    'module "{label}": local source "{source}" has no .tf files hako could read; scan `terraform show -json` of a plan to check the resources it creates',
  fileOutsideTree: 'file("{path}") outside the scanned tree: not read',
  forEachUnknown:
    "{key} loops over a collection known only at deployment (not a list, nor a list parameter's default): what it creates is not checked",
  forEachBound: '{key} not expanded (expansion bound spent)',
  macroNotExpanded: 'macro {name} not expanded: resources checked as written',
  sectionMacroNotExpanded: 'macro {name} (Fn::Transform) not expanded: resources checked as written',
  resourceMacroNotExpanded:
    'macro {name} (Fn::Transform) not expanded: resource {resource} checked as written',
  samNotExpanded: '{count} AWS::Serverless (SAM) resources not expanded and not checked: {ids}',
  samNotExpandedOne: '1 AWS::Serverless (SAM) resource not expanded and not checked: {ids}',
  // the reason of a finding suppressed by --baseline
  inBaseline: 'in baseline',
  // ECR images (`describe-images` output) and the lifecycle simulator (ECR-007, `hako ecr lifecycle`)
  ecrImagesShape:
    'describe-images: expected an object with an `imageDetails` list; no lifecycle simulation is made',
  ecrImageNotObject: 'describe-images: image {index} is not an object; no lifecycle simulation is made',
  ecrImageNoDigest: 'describe-images: image {index} has no imageDigest; no lifecycle simulation is made',
  ecrImageNoPushTime:
    'describe-images: image {digest} has no imagePushedAt (its age and rank are unknown); no lifecycle simulation is made',
  ecrImageBadTime:
    'describe-images: {field} of image {digest} is not a date ({value}); no lifecycle simulation is made',
  ecrImageBadTags:
    'describe-images: imageTags of image {digest} is not a list of strings; no lifecycle simulation is made',
  ecrImagesNoRepository:
    'describe-images: images without repositoryName cannot be joined to a lifecycle policy (ECR-007 not judged)',
  ecrImagesNoPolicy:
    'describe-images: no lifecycle policy of repository {repository} in the scanned files (ECR-007 not judged for it)',
  ecrPolicyNotSimulated:
    'lifecycle policy of {repository} not simulated: it is invalid (ECR-006) or not fully resolved',
  ecrImageUsedBy: 'image {image} used by {user}',
  // input errors hako words itself (HAKO-001); library messages keep their words after a lead-in
  unknownFileType: 'unknown file type (expected .json, .yaml, .yml, .tf or .tfvars)',
  documentNoKind: 'document {index} is of no kind hako reads (not a Kubernetes object, ECS or IAM JSON)',
  yamlError: 'YAML: {detail}',
  yamlDocumentError: 'YAML document {index}: {detail}',
  jsonError: 'JSON: {detail}',
  jsonEmpty: 'JSON: empty file (expected a JSON value)',
  jsonTruncated: 'JSON: unexpected end of input (truncated file? an unclosed [ or {)',
  jsonTrailingComma: 'JSON: {detail} (trailing comma before it)',
  hclSyntax: 'HCL: syntax error',
  hclExpected: 'HCL: syntax error: expected "{expected}"',
  hclSyntaxNear: 'HCL: syntax error near {near}',
  cannotRead: 'cannot read file: {detail}',
  binaryFile: 'binary file (contains NUL bytes); not a text format hako reads',
  notUtf8: 'not valid UTF-8 text (binary or another encoding); not read',
  notUtf8At: 'not valid UTF-8 text: invalid byte {byte} at line {line} (another encoding?); not read',
  planErrored: 'the plan errored ("errored": true): its values may be incomplete',
  cfnResourceNotMap: 'CloudFormation: resource {resource} is not a map',
  cfnResourceNoType: 'CloudFormation: resource {resource} has no Type',
  // Kubernetes kinds and API versions the API server does not serve (src/adapters/k8s)
  kindNotServedUseVersion:
    'kind "{kind}" is not served in {apiVersion}: the API server rejects it; use apiVersion {use}',
  kindNotServedUseGroup:
    'kind "{kind}" is not served in {apiVersion}: the API server rejects it; use the {group} API group',
  unknownKind: 'unknown kind "{kind}" in {apiVersion}: the API server rejects it',
  unknownKindNear: 'unknown kind "{kind}" in {apiVersion} (did you mean {near}?): the API server rejects it',
  apiRemoved:
    '{apiVersion} {kind} is not served by Kubernetes 1.{minor} (removed in 1.{removed}): the API server rejects it; use {replacement}',
  apiRemovedCurrent:
    '{apiVersion} {kind} is not served by current Kubernetes (removed in 1.{removed}): the API server rejects it; use {replacement}',
  apiNotYet:
    '{apiVersion} {kind} is not served by Kubernetes 1.{minor} (added in 1.{introduced}): the API server rejects it; use {replacement}',
  apiNotYetCurrent:
    '{apiVersion} {kind} is not served by current Kubernetes (added in 1.{introduced}): the API server rejects it; use {replacement}',
  // files hako refuses to read (src/io)
  notRegular: 'not a regular file (FIFO, socket or device); not read',
  fileTooLarge: 'file is {size}, over the {max} limit (raise it with --max-file-size); not scanned',
  fileGrew: 'file grew over the {max} limit while read; not scanned',
  stdinTooLarge: 'standard input over the {max} limit (raise it with --max-file-size); not scanned',
  cannotReadDir: 'cannot read directory: {detail}',
  cannotReadShort: 'cannot read: {detail}',
  symlinkSelfLoop: 'symlink loop (the link resolves back to itself); not read',
  symlinkDangling: 'dangling symlink (its target does not exist); not read',
  symlinkLoop: 'symlink loop: this link points back to a directory above it; not followed',
  gitignoreError: '.gitignore: {detail}',
  kustomizationError: 'kustomization: {detail}',
  // Terraform modules and instances hako does not expand (src/parse/hcl/module.ts)
  hclModuleCycle: 'HCL: module "{label}" (source "{source}") closes a module cycle ({chain}); not expanded',
  hclModuleDepth: 'HCL: module "{label}" nested deeper than {max} modules; not expanded',
  hclModuleLimit:
    'HCL: more than {max} module instances in this scan; module "{label}" and the rest are not expanded',
  hclResourceLimit:
    'HCL: more than {max} resource instances in this scan; the rest (from here on) is not scanned',
  hclBlockLimit: 'HCL: {expression} makes {total} instances; only the first {max} are scanned',
  // details of HAKO-003 hako words itself (src/rules/hako/hako-fields-valid.ts)
  eksAccessEntryKind:
    '{kind} is not a Kubernetes kind: access entries and their policy associations are EKS API resources (aws eks create-access-entry / associate-access-policy, AWS::EKS::AccessEntry, aws_eks_access_entry + aws_eks_access_policy_association); no API server accepts this manifest',
  eksEndpointsOff:
    'public and private endpoint access are both off: EKS rejects a cluster without an API server endpoint (public access can be turned off only while private access is on)',
  schemaHint: ' (did you mean "{suggestion}"?)',
  // CloudFormation templates hako cannot expand (src/parse/cloudformation.ts, src/adapters/cloudformation)
  cfnResourcesNotMap: 'CloudFormation: `Resources` is not a map of logical IDs',
  forEachShape: 'CloudFormation: {key} must be [identifier, collection, {key: value}]; not expanded',
  forEachTooLarge: 'CloudFormation: Fn::ForEach loops expand to more than {max} nodes; {key} not expanded',
  // HCL and YAML hako refuses to parse, Terraform JSON it does not read
  hclRuntimeFailed: 'HCL: the parser runtime failed; not scanned',
  hclRuntimeFailedFile: 'HCL: the parser runtime failed on this file; not scanned',
  hclWasmAbort: 'HCL: the parser runtime failed on this file (WASM abort); not scanned',
  hclParserFailed: 'HCL: the parser failed on this file (runtime error); not scanned',
  hclUnavailable: 'HCL: the Terraform parser is unavailable after a runtime error in this scan; not scanned',
  hclLineTooLong: 'HCL: line {line} longer than {max} KiB ({length} characters); file not parsed',
  hclFileTooLarge: 'HCL: file larger than {max} MiB ({length} characters); not parsed',
  hclTooDeep: 'HCL: blocks nested more than {max} levels deep; not scanned',
  yamlTooDeep: 'YAML document {index} is nested more than {max} levels deep; not scanned',
  planFormatVersion: 'Terraform JSON format_version {version} is not one hako reads (1.x)',
  // YAML aliases hako does not expand (src/parse/yaml.ts)
  yamlAliasNoAnchor:
    'YAML document {index}: alias *{alias} names no anchor defined before it in this document; not scanned',
  yamlAliasBomb:
    'YAML document {index}: its aliases expand to more than {max} nodes (an alias bomb?); not scanned',
  yamlFileAliasBomb:
    'YAML document {index}: the aliases of this file expand to more than {max} nodes (an alias bomb?); not scanned',
  yamlScanAliasBomb:
    'YAML document {index}: the aliases of the files scanned expand to more than {max} nodes (an alias bomb?); not scanned',
  yamlAliasTooDeep: 'YAML document {index}: its aliases nest more than {max} levels deep; not scanned',
  yamlTooManyNodes: 'YAML document {index}: it expands to more than {max} nodes; not scanned',
  yamlAliasSpentOne: 'YAML document {index}: aliases not expanded (alias budget spent); not scanned',
  yamlAliasSpentMore:
    'YAML {count} more documents ({first} to {last}): aliases not expanded (alias budget spent); not scanned',
  // a `.gitignore` hako could not read: `reason` is the note of the refusal
  gitignoreNotApplied: '{reason} (its ignore patterns were not applied)',
  // the words of HAKO-003's Kubernetes field problems (src/engines/k8s-fields)
  fieldTypeObject: 'object',
  fieldTypeList: 'list',
  fieldTypeAny: 'any',
  fieldTypeString: 'string',
  fieldTypeInteger: 'integer',
  fieldTypeNumber: 'number',
  fieldTypeBoolean: 'boolean',
  fieldTypeNull: 'null',
  fieldTypeExpression: 'expression',
  fieldTypeTimestamp: 'timestamp string',
  fieldTypeDate: 'date string',
  fieldTypeBase64: 'base64 string',
  fieldTypeQuantity: 'quantity (string or number)',
  fieldHome: '{type} ({path})',
  fieldHomePodSpec: '{type} (the pod spec)',
  fieldHomePodSecurityContext: '{type} (the pod spec securityContext)',
  // credential formats of ECS-008 / K8S-007 (src/rules/_shared/secrets.ts)
  credentialAwsAccessKey: 'AWS access key ID',
  credentialPrivateKey: 'private key',
  credentialGithubToken: 'GitHub token',
  credentialGitlabToken: 'GitLab token',
  credentialSlackToken: 'Slack token',
  credentialSlackWebhook: 'Slack webhook URL',
  credentialStripeKey: 'Stripe secret key',
  credentialGoogleApiKey: 'Google API key',
  credentialNpmToken: 'npm token',
  credentialJwt: 'JSON Web Token',
  credentialUrlPassword: 'password in a URL',
  credentialConnPassword: 'password in a connection string',
  // NetworkPolicy (src/adapters/k8s/netpol.ts, src/rules/net)
  netpolInvalid: 'NetworkPolicy {policy} is not evaluated: the API server rejects it ({problem})',
  netpolNotEnforced:
    'not enforced: {clusters} has no NetworkPolicy enforcement (VPC CNI add-on without enableNetworkPolicy: "true", and no Calico or Cilium among the scanned manifests)',
  netpolHostNetwork:
    'hostNetwork pod: whether NetworkPolicies apply to it is implementation-defined (most plugins treat its traffic as node traffic)',
  netpolSelectedBy: 'selected by NetworkPolicy {policy}',
};

export type NoteId = keyof typeof en;

const ja: Record<NoteId, string> = {
  namespaceAssumed:
    '名前空間の指定がないため default とみなしました（kubectl は -n またはコンテキストの名前空間に適用します）',
  presenceUnresolved: '`{expression}` を解決できませんでした。このリソースは存在しない可能性があります',
  containersUnresolved: 'コンテナ定義 `{expression}` を解決できなかったため、そのコンテナは検査されません',
  containersUnresolvedPlan:
    'コンテナ定義 `{expression}` を解決できなかったため、そのコンテナは検査されません。検査するにはプランの `terraform show -json` をスキャンしてください',
  executionRoleDefinedHere: 'タスク実行ロール "{name}" はここで定義されています',
  taskRoleDefinedHere: 'タスクロール "{name}" はここで定義されています',
  policyNotScanned: 'ポリシー {policy} はスキャン対象のファイルにありません',
  iamAttachedPoliciesNoRole:
    '`aws iam list-attached-role-policies` の出力にはロール名がないため、どのロールにも結び付けられません。`aws iam get-account-authorization-details` をスキャンしてください',
  iamPolicyVersionNoPolicy:
    '`aws iam get-policy-version` の出力にはポリシーの ARN がないため、どのポリシーにも結び付けられません。`aws iam get-account-authorization-details` をスキャンしてください',
  policyPartiallyKnown:
    'AWS 管理ポリシー {policy} は hako が一部しか把握していないため、許可は証明できても拒否は証明できません',
  roleClosedAssumed:
    'ロール "{name}" はポリシーを排他的に管理していません。スキャン対象の構成の外からポリシーがアタッチされていないことを前提にしています',
  mountedBy: 'コンテナ {container} が {path} にマウントしています',
  mountedByReadOnly: 'コンテナ {container} が {path} に読み取り専用でマウントしています',
  mountedByNoPath: 'コンテナ {container} がマウントしています（{field} の指定なし）',
  mountedByNoPathReadOnly: 'コンテナ {container} が読み取り専用でマウントしています（{field} の指定なし）',
  alsoField: '{field} も同様です',
  alsoContainer: 'コンテナ {container} も同様です',
  alsoContainerField: 'コンテナ {container} の {field} も同様です',
  alsoVolume: 'ボリューム {volume} も同様です',
  alsoVolumeField: 'ボリューム {volume} の {field} も同様です',
  ownReport: 'hako 自身の {what} のため、入力ではありません',
  emptyFile: '空のファイルです（検査する内容がありません）',
  noKind: 'hako が読み取る種類のファイルではありません',
  kustomizePatches:
    'kustomize のパッチです。`kubectl kustomize {dir} | hako scan -` でレンダリングしてください（パッチ単体ではスキャンしません: {patches}）',
  helmTemplates:
    'Helm チャートのテンプレートです。`helm template {dir} | hako scan -` でレンダリングしてください',
  moduleNotLocal:
    'module "{label}": ソース "{source}" はローカルパスではないため読み取りません。作成されるリソースを検査するには、プランの `terraform show -json` をスキャンしてください',
  moduleSourceNotLiteral:
    'module "{label}": ソースがリテラル文字列ではないため読み取りません。作成されるリソースを検査するには、プランの `terraform show -json` をスキャンしてください',
  moduleNoFiles:
    'module "{label}": ローカルソース "{source}" に hako が読み取れる .tf ファイルがありません。作成されるリソースを検査するには、プランの `terraform show -json` をスキャンしてください',
  fileOutsideTree: 'file("{path}") はスキャン対象のディレクトリの外にあるため読み取りません',
  forEachUnknown:
    '{key} はデプロイ時にしか分からないコレクション（リストでも、リストパラメーターの既定値でもない）を反復するため、作成されるものは検査されません',
  forEachBound: '{key} は展開の上限に達したため展開されません',
  macroNotExpanded: 'マクロ {name} は展開されません。リソースは記述どおりに検査されます',
  sectionMacroNotExpanded:
    'マクロ {name}（Fn::Transform）は展開されません。リソースは記述どおりに検査されます',
  resourceMacroNotExpanded:
    'マクロ {name}（Fn::Transform）は展開されません。リソース {resource} は記述どおりに検査されます',
  samNotExpanded: 'AWS::Serverless（SAM）のリソース {count} 件は展開されず、検査されません: {ids}',
  samNotExpandedOne: 'AWS::Serverless（SAM）のリソース 1 件は展開されず、検査されません: {ids}',
  inBaseline: 'ベースラインに記録済み',
  ecrImagesShape:
    'describe-images: `imageDetails` のリストを持つオブジェクトではないため、ライフサイクルのシミュレーションを行いません',
  ecrImageNotObject:
    'describe-images: イメージ {index} がオブジェクトではないため、ライフサイクルのシミュレーションを行いません',
  ecrImageNoDigest:
    'describe-images: イメージ {index} に imageDigest がないため、ライフサイクルのシミュレーションを行いません',
  ecrImageNoPushTime:
    'describe-images: イメージ {digest} に imagePushedAt がない（経過日数と順位が不明な）ため、ライフサイクルのシミュレーションを行いません',
  ecrImageBadTime:
    'describe-images: イメージ {digest} の {field} が日時ではない（{value}）ため、ライフサイクルのシミュレーションを行いません',
  ecrImageBadTags:
    'describe-images: イメージ {digest} の imageTags が文字列のリストではないため、ライフサイクルのシミュレーションを行いません',
  ecrImagesNoRepository:
    'describe-images: repositoryName のないイメージはライフサイクルポリシーと結び付けられません（ECR-007 は判定しません）',
  ecrImagesNoPolicy:
    'describe-images: スキャンしたファイルにリポジトリ {repository} のライフサイクルポリシーがありません（ECR-007 は判定しません）',
  ecrPolicyNotSimulated:
    '{repository} のライフサイクルポリシーは無効（ECR-006）か値が解決できないため、シミュレーションしません',
  ecrImageUsedBy: 'イメージ {image} を {user} が使用しています',
  unknownFileType: '不明なファイル形式です（.json、.yaml、.yml、.tf、.tfvars のいずれかが必要です）',
  documentNoKind:
    'ドキュメント {index} は hako が読み取る種類ではありません（Kubernetes オブジェクト、ECS、IAM の JSON のいずれでもありません）',
  yamlError: 'YAML の構文エラー: {detail}',
  yamlDocumentError: 'YAML ドキュメント {index} の構文エラー: {detail}',
  jsonError: 'JSON の構文エラー: {detail}',
  jsonEmpty: 'JSON の構文エラー: 空のファイルです（JSON の値が必要です）',
  jsonTruncated:
    'JSON の構文エラー: 入力が途中で終わっています（ファイルが切れている? 閉じていない [ または { がある?）',
  jsonTrailingComma: 'JSON の構文エラー: {detail}（直前に余分なカンマがあります）',
  hclSyntax: 'HCL の構文エラー',
  hclExpected: 'HCL の構文エラー: "{expected}" が必要です',
  hclSyntaxNear: 'HCL の構文エラー: {near} の付近',
  cannotRead: 'ファイルを読み取れません: {detail}',
  binaryFile: 'バイナリファイル（NUL バイトを含む）で、hako が読み取るテキスト形式ではありません',
  notUtf8: '有効な UTF-8 テキストではない（バイナリまたは別の文字コード）ため、読み取りません',
  notUtf8At:
    '有効な UTF-8 テキストではありません: {line} 行目に不正なバイト {byte} があります（別の文字コード?）。読み取りません',
  planErrored: 'プランはエラーで終了しています（"errored": true）。値が不完全な可能性があります',
  cfnResourceNotMap: 'CloudFormation: リソース {resource} がマップではありません',
  cfnResourceNoType: 'CloudFormation: リソース {resource} に Type がありません',
  kindNotServedUseVersion:
    'kind "{kind}" は {apiVersion} では提供されていないため、API サーバーに拒否されます。apiVersion {use} を使ってください',
  kindNotServedUseGroup:
    'kind "{kind}" は {apiVersion} では提供されていないため、API サーバーに拒否されます。API グループ {group} を使ってください',
  unknownKind: '{apiVersion} に kind "{kind}" はないため、API サーバーに拒否されます',
  unknownKindNear:
    '{apiVersion} に kind "{kind}" はないため、API サーバーに拒否されます（{near} の誤りでは?）',
  apiRemoved:
    '{apiVersion} {kind} は Kubernetes 1.{minor} では提供されていない（1.{removed} で削除）ため、API サーバーに拒否されます。{replacement} を使ってください',
  apiRemovedCurrent:
    '{apiVersion} {kind} は現在の Kubernetes では提供されていない（1.{removed} で削除）ため、API サーバーに拒否されます。{replacement} を使ってください',
  apiNotYet:
    '{apiVersion} {kind} は Kubernetes 1.{minor} ではまだ提供されていない（1.{introduced} で追加）ため、API サーバーに拒否されます。{replacement} を使ってください',
  apiNotYetCurrent:
    '{apiVersion} {kind} は現在の Kubernetes では提供されていない（1.{introduced} で追加）ため、API サーバーに拒否されます。{replacement} を使ってください',
  notRegular: '通常のファイルではない（FIFO、ソケット、デバイス）ため、読み取りません',
  fileTooLarge:
    'ファイルが {size} あり、上限の {max} を超えているためスキャンしません（上限は --max-file-size で引き上げられます）',
  fileGrew: '読み取り中にファイルが上限の {max} を超えたため、スキャンしません',
  stdinTooLarge:
    '標準入力が上限の {max} を超えているためスキャンしません（上限は --max-file-size で引き上げられます）',
  cannotReadDir: 'ディレクトリを読み取れません: {detail}',
  cannotReadShort: '読み取れません: {detail}',
  symlinkSelfLoop: 'シンボリックリンクがループしている（リンクが自分自身に戻る）ため、読み取りません',
  symlinkDangling: 'シンボリックリンクのリンク先が存在しないため、読み取りません',
  symlinkLoop: 'シンボリックリンクのループです。このリンクは上位のディレクトリを指しているため、たどりません',
  gitignoreError: '.gitignore の解析エラー: {detail}',
  kustomizationError: 'kustomization の解析エラー: {detail}',
  hclModuleCycle:
    'HCL: module "{label}"（ソース "{source}"）でモジュールの循環参照になる（{chain}）ため、展開しません',
  hclModuleDepth: 'HCL: module "{label}" はモジュールの入れ子が {max} 段を超えるため、展開しません',
  hclModuleLimit:
    'HCL: このスキャンのモジュールインスタンスが {max} 個を超えたため、module "{label}" 以降は展開しません',
  hclResourceLimit:
    'HCL: このスキャンのリソースインスタンスが {max} 個を超えたため、ここから先はスキャンしません',
  hclBlockLimit:
    'HCL: {expression} は {total} 個のインスタンスを作るため、最初の {max} 個だけをスキャンします',
  eksAccessEntryKind:
    '{kind} は Kubernetes の kind ではありません。アクセスエントリとそのポリシー関連付けは EKS API のリソース（aws eks create-access-entry / associate-access-policy、AWS::EKS::AccessEntry、aws_eks_access_entry + aws_eks_access_policy_association）で、このマニフェストを受け付ける API サーバーはありません',
  eksEndpointsOff:
    'パブリックとプライベートのエンドポイントアクセスが両方とも無効です。EKS は API サーバーのエンドポイントがないクラスターを拒否します（パブリックアクセスを無効にできるのは、プライベートアクセスが有効なときだけです）',
  schemaHint: '（"{suggestion}" の誤りではありませんか）',
  cfnResourcesNotMap: 'CloudFormation: `Resources` が論理 ID のマップではありません',
  forEachShape:
    'CloudFormation: {key} は [識別子, コレクション, {key: 値}] の形でなければならないため、展開しません',
  forEachTooLarge:
    'CloudFormation: Fn::ForEach ループの展開結果が {max} ノードを超えるため、{key} は展開しません',
  hclRuntimeFailed: 'HCL: パーサーの実行環境が失敗したため、スキャンしません',
  hclRuntimeFailedFile: 'HCL: このファイルでパーサーの実行環境が失敗したため、スキャンしません',
  hclWasmAbort: 'HCL: このファイルでパーサーの実行環境が失敗した（WASM の異常終了）ため、スキャンしません',
  hclParserFailed: 'HCL: このファイルでパーサーが失敗した（実行時エラー）ため、スキャンしません',
  hclUnavailable:
    'HCL: このスキャン中の実行時エラーにより Terraform パーサーが使えなくなったため、スキャンしません',
  hclLineTooLong: 'HCL: {line} 行目が {max} KiB を超えている（{length} 文字）ため、ファイルを解析しません',
  hclFileTooLarge: 'HCL: ファイルが {max} MiB を超えている（{length} 文字）ため、解析しません',
  hclTooDeep: 'HCL: ブロックの入れ子が {max} 段を超えるため、スキャンしません',
  yamlTooDeep: 'YAML ドキュメント {index} は入れ子が {max} 段を超えるため、スキャンしません',
  planFormatVersion: 'Terraform JSON の format_version {version} は hako が読み取る版（1.x）ではありません',
  yamlAliasNoAnchor:
    'YAML ドキュメント {index}: エイリアス *{alias} が指すアンカーがこのドキュメントのそれより前にないため、スキャンしません',
  yamlAliasBomb:
    'YAML ドキュメント {index}: エイリアスの展開が {max} ノードを超える（エイリアス爆弾?）ため、スキャンしません',
  yamlFileAliasBomb:
    'YAML ドキュメント {index}: このファイルのエイリアスの展開が {max} ノードを超える（エイリアス爆弾?）ため、スキャンしません',
  yamlScanAliasBomb:
    'YAML ドキュメント {index}: スキャン対象のファイルのエイリアスの展開が {max} ノードを超える（エイリアス爆弾?）ため、スキャンしません',
  yamlAliasTooDeep: 'YAML ドキュメント {index}: エイリアスの入れ子が {max} 段を超えるため、スキャンしません',
  yamlTooManyNodes: 'YAML ドキュメント {index}: 展開すると {max} ノードを超えるため、スキャンしません',
  yamlAliasSpentOne:
    'YAML ドキュメント {index}: エイリアスの展開の上限に達したためエイリアスを展開せず、スキャンしません',
  yamlAliasSpentMore:
    'YAML の残りのドキュメント {count} 件（{first} から {last}）: エイリアスの展開の上限に達したためエイリアスを展開せず、スキャンしません',
  gitignoreNotApplied: '{reason}（その除外パターンは適用されていません）',
  fieldTypeObject: 'オブジェクト',
  fieldTypeList: 'リスト',
  fieldTypeAny: '任意',
  fieldTypeString: '文字列',
  fieldTypeInteger: '整数',
  fieldTypeNumber: '数値',
  fieldTypeBoolean: '真偽値',
  fieldTypeNull: 'null 値',
  fieldTypeExpression: '式',
  fieldTypeTimestamp: 'タイムスタンプの文字列',
  fieldTypeDate: '日付の文字列',
  fieldTypeBase64: 'base64 の文字列',
  fieldTypeQuantity: '数量（文字列または数値）',
  fieldHome: '{type}（{path}）',
  fieldHomePodSpec: '{type}（Pod の spec）',
  fieldHomePodSecurityContext: '{type}（Pod の spec の securityContext）',
  credentialAwsAccessKey: 'AWS アクセスキー ID',
  credentialPrivateKey: '秘密鍵',
  credentialGithubToken: 'GitHub のトークン',
  credentialGitlabToken: 'GitLab のトークン',
  credentialSlackToken: 'Slack のトークン',
  credentialSlackWebhook: 'Slack の Webhook URL',
  credentialStripeKey: 'Stripe のシークレットキー',
  credentialGoogleApiKey: 'Google の API キー',
  credentialNpmToken: 'npm のトークン',
  credentialJwt: 'JSON Web Token（JWT）',
  credentialUrlPassword: 'URL 内のパスワード',
  credentialConnPassword: '接続文字列内のパスワード',
  netpolInvalid: 'NetworkPolicy {policy} は API サーバーに拒否されるため評価しません（{problem}）',
  netpolNotEnforced:
    '適用されていません: {clusters} には NetworkPolicy を適用する仕組みがありません（VPC CNI アドオンに enableNetworkPolicy: "true" がなく、スキャンしたマニフェストに Calico も Cilium もありません）',
  netpolHostNetwork:
    'hostNetwork の Pod: NetworkPolicy が適用されるかは実装依存です（多くのプラグインはその通信をノードの通信として扱います）',
  netpolSelectedBy: 'NetworkPolicy {policy} が選択しています',
};

export const NOTES: Record<Lang, Record<NoteId, string>> = { en, ja };

/**
 * The values a note's template names: text and numbers as they are, or another note (e.g. the
 * refusal a `.gitignore` wrapper quotes), worded in the same language as the note around it.
 */
export type NoteData = Record<string, string | number | Note>;

/** A note by ID, with the values its template names. */
export interface Note {
  note: NoteId;
  data?: NoteData;
}

/** The note's text in a language, notes nested in its data worded in the same language. */
export function noteText(lang: Lang, n: Note): string {
  if (!n.data) return format(NOTES[lang][n.note]);
  const flat: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(n.data)) flat[k] = typeof v === 'object' ? noteText(lang, v) : v;
  return format(NOTES[lang][n.note], flat);
}

/** A note with its English text under `key`, for the places that keep English text beside the ID. */
export function withText<K extends string>(key: K, note: NoteId, data?: NoteData): Note & Record<K, string> {
  const n: Note = data ? { note, data } : { note };
  return { ...n, [key]: noteText('en', n) } as Note & Record<K, string>;
}
