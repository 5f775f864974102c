/**
 * What `hako fix` says of its own: the fixes it applied and why it left a finding as a
 * suggestion, in English and Japanese (src/fix/messages.test.ts checks both). Findings that remain
 * are shown with their rule's own remediation, in the same language.
 */
import { format, type Lang } from '../rules/types.js';

const en = {
  // applied
  apeSet: 'container {container}: set allowPrivilegeEscalation: false',
  dropAll: 'container {container}: added ALL to capabilities.drop',
  seccompPod: 'pod: set seccompProfile type RuntimeDefault',
  runAsNonRoot: 'container {container}: set runAsNonRoot: true (it runs as UID {uid})',
  ecsDropAll: 'container {container}: added ALL to linuxParameters.capabilities.drop',
  // left as suggestions
  apePrivileged:
    'container {container} is privileged, and the API server rejects allowPrivilegeEscalation: false beside privileged: true; turn privileged off first if the workload does not need it',
  apeSysAdmin:
    'container {container} adds {cap}, and the API server rejects allowPrivilegeEscalation: false with CAP_SYS_ADMIN; remove it first if the workload does not need it',
  apeExplicit:
    'container {container} sets allowPrivilegeEscalation: true on purpose; set it to false once nothing in the container relies on setuid programs (sudo, su)',
  dropPrivileged:
    'container {container} is privileged: dropping capabilities changes nothing while privileged is on; turn it off first',
  dropMayBeRoot:
    'container {container} may run as root (no non-zero runAsUser, no runAsNonRoot: true): dropping ALL would take capabilities a root process starts with (chown, setuid, binding ports below 1024); run it as a non-root user, then drop ALL',
  dropNoApe:
    'container {container} can still gain privileges through setuid programs (allowPrivilegeEscalation is not false): dropping ALL would change what they get; set allowPrivilegeEscalation: false first',
  addRestricted:
    'container {container} adds {caps}: the restricted level allows only NET_BIND_SERVICE; hako never removes an added capability, remove it if the workload does not need it',
  seccompUnconfined:
    'container {container} sets seccompProfile type Unconfined on purpose: use RuntimeDefault (or a Localhost profile) once it runs under it',
  seccompUnconfinedPod:
    'the pod sets seccompProfile type Unconfined on purpose: use RuntimeDefault (or a Localhost profile) once the workload runs under it',
  seccompAnnotation:
    'the pod sets seccomp through annotations: replace them with securityContext.seccompProfile',
  nonRootUnknown:
    "container {container}: the image's user is unknown (no runAsUser): set runAsUser to a non-zero UID the image supports, or runAsNonRoot: true after checking the image's USER",
  nonRootFalse:
    'container {container} sets runAsNonRoot: false on purpose: set it to true once the image runs as a non-root user',
  nonRootFalsePod:
    'the pod sets runAsNonRoot: false on purpose: set it to true once its images run as a non-root user',
  ecsPrivileged:
    'container {container} is privileged: dropping capabilities changes nothing while privileged is on; turn it off first',
  ecsMayBeRoot:
    'container {container} may run as root (user "{user}"): dropping ALL would take capabilities a root process starts with; set user to a non-zero UID, then drop ALL',
  ecsNoUser:
    "container {container} sets no user, so it runs as the image's user, root unless the image says otherwise: dropping ALL would take capabilities a root process starts with; set user to a non-zero UID, then drop ALL",
  refused: '{what} not edited: {why}',
  whyAnchor:
    'it is shared through a YAML anchor or alias, so an edit would also change the other places that use it',
  whyMerge: 'its values come from a YAML merge key (<<)',
  whyShape: 'it is not written as the map or list hako expects',
  whyCheck: 'hako could not insert the fix there without changing another value (please report it)',
};

export type FixMessageId = keyof typeof en;

const ja: Record<FixMessageId, string> = {
  apeSet: 'コンテナ {container}: allowPrivilegeEscalation: false を設定しました',
  dropAll: 'コンテナ {container}: capabilities.drop に ALL を追加しました',
  seccompPod: 'Pod: seccompProfile の type に RuntimeDefault を設定しました',
  runAsNonRoot: 'コンテナ {container}: runAsNonRoot: true を設定しました（UID {uid} で動作します）',
  ecsDropAll: 'コンテナ {container}: linuxParameters.capabilities.drop に ALL を追加しました',
  apePrivileged:
    'コンテナ {container} は特権コンテナです。API サーバーは privileged: true と allowPrivilegeEscalation: false の組み合わせを拒否します。ワークロードに不要なら先に privileged を無効にしてください',
  apeSysAdmin:
    'コンテナ {container} は {cap} を追加しています。API サーバーは CAP_SYS_ADMIN と allowPrivilegeEscalation: false の組み合わせを拒否します。不要なら先に削除してください',
  apeExplicit:
    'コンテナ {container} は allowPrivilegeEscalation: true を意図的に設定しています。コンテナ内で setuid プログラム（sudo、su）を使わなくなったら false にしてください',
  dropPrivileged:
    'コンテナ {container} は特権コンテナです。privileged が有効な間は capabilities を削除しても効果がありません。先に無効にしてください',
  dropMayBeRoot:
    'コンテナ {container} は root で動作する可能性があります（0 以外の runAsUser も runAsNonRoot: true もありません）。ALL を削除すると root プロセスが起動時に持つ権限（chown、setuid、1024 未満のポートへのバインド）が失われます。非 root ユーザーで動作させてから ALL を削除してください',
  dropNoApe:
    'コンテナ {container} は setuid プログラムを通じて権限を得られます（allowPrivilegeEscalation が false ではありません）。ALL を削除するとそれらが得る権限が変わります。先に allowPrivilegeEscalation: false を設定してください',
  addRestricted:
    'コンテナ {container} は {caps} を追加しています。restricted レベルで追加できるのは NET_BIND_SERVICE だけです。hako は追加されたケーパビリティを削除しません。不要なら削除してください',
  seccompUnconfined:
    'コンテナ {container} は seccompProfile の type に Unconfined を意図的に設定しています。動作を確認したうえで RuntimeDefault（または Localhost プロファイル）にしてください',
  seccompUnconfinedPod:
    'Pod は seccompProfile の type に Unconfined を意図的に設定しています。ワークロードが動作することを確認したうえで RuntimeDefault（または Localhost プロファイル）にしてください',
  seccompAnnotation:
    'Pod はアノテーションで seccomp を設定しています。securityContext.seccompProfile に置き換えてください',
  nonRootUnknown:
    'コンテナ {container}: イメージのユーザーが不明です（runAsUser がありません）。イメージが対応する 0 以外の UID を runAsUser に設定するか、イメージの USER を確認してから runAsNonRoot: true を設定してください',
  nonRootFalse:
    'コンテナ {container} は runAsNonRoot: false を意図的に設定しています。イメージが非 root ユーザーで動作するようになったら true にしてください',
  nonRootFalsePod:
    'Pod は runAsNonRoot: false を意図的に設定しています。イメージが非 root ユーザーで動作するようになったら true にしてください',
  ecsPrivileged:
    'コンテナ {container} は特権コンテナです。privileged が有効な間は capabilities を削除しても効果がありません。先に無効にしてください',
  ecsMayBeRoot:
    'コンテナ {container} は root で動作する可能性があります（user "{user}"）。ALL を削除すると root プロセスが起動時に持つ権限が失われます。user に 0 以外の UID を設定してから ALL を削除してください',
  ecsNoUser:
    'コンテナ {container} は user を設定していないため、イメージのユーザー（指定がなければ root）で動作します。ALL を削除すると root プロセスが起動時に持つ権限が失われます。user に 0 以外の UID を設定してから ALL を削除してください',
  refused: '{what} は編集していません: {why}',
  whyAnchor: 'YAML のアンカーまたはエイリアスで共有されているため、編集すると他の参照箇所も変わります',
  whyMerge: '値が YAML のマージキー（<<）から来ています',
  whyShape: 'hako が想定するマップまたはリストの形で書かれていません',
  whyCheck: 'hako は他の値を変えずにそこへ修正を挿入できませんでした（報告してください）',
};

export const FIX_MESSAGES: Record<Lang, Record<FixMessageId, string>> = { en, ja };

/** A message of `hako fix`, by ID and data, rendered in a language at report time. */
export interface FixText {
  id: FixMessageId;
  data?: Record<string, string | number>;
}

export function fixText(lang: Lang, t: FixText): string {
  const data = { ...t.data };
  if (t.id === 'refused' && typeof data.why === 'string')
    data.why = FIX_MESSAGES[lang][data.why as FixMessageId] ?? data.why;
  return format(FIX_MESSAGES[lang][t.id], data);
}
