/* msg_zh.c — the Chinese wording of the messages people meet (docs/api.md "Errors").
 *
 * One catalog keyed by the English printf format that err_set is called with: the code
 * keeps writing one English message per failure, and the catalog gives the Chinese
 * template for it, where {1}, {2} … stand for the format's arguments in order (each
 * printed as the English format prints it). A format not in the catalog has no
 * Chinese text, and clients show the English message. Internal failures (database,
 * memory, files) stay English on purpose: they are for the administrator's log. */
#include "base/msg_zh.h"

#include "base/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *en, *zh;
} catalog[] = {
    /* access and requests */
    {"please log in first", "请先登录"},
    {"your session has ended; please log in again", "登录已失效，请重新登录"},
    {"you are not logged in", "您尚未登录"},
    {"a change must come from this site's own pages", "修改只能从本系统页面提交"},
    {"the request body must be a JSON object", "请求内容必须是 JSON 对象"},
    {"send a JSON object", "请求内容必须是 JSON 对象"},
    {"the request body is not valid UTF-8", "请求内容不是有效的 UTF-8 文本"},
    {"malformed JSON at line %d, column %d: %s", "JSON 格式错误（第{1}行第{2}列）"},
    {"format must be xlsx or csv", "导出格式只能是 xlsx 或 csv"},
    {"an import must be sent as text/csv or as an xlsx file", "导入文件必须是 CSV 或 xlsx 格式"},
    {"only the office may read the audit trail", "只有机关工作人员可以查看审计日志"},
    {"only an administrator may manage accounts", "只有系统管理员可以管理账号"},
    {"only the office may change settings", "只有机关工作人员可以修改系统设置"},
    {"records of another congress cannot be written", "不能修改其他人大的记录"},
    {"this account belongs to no congress", "此账号不属于任何一级人大"},
    {"%s has no record %s", "没有编号为 {2} 的记录"},
    {"%s has no case %lld", "没有编号为 {2} 的办件"},
    {"%s has no case %s", "没有编号为 {2} 的办件"},
    {"%s %lld does not exist", "编号为 {2} 的记录不存在"},
    {"there is no collection %s", "没有这类记录"},
    /* the HTTP layer (src/http/) */
    {"the server has too many connections open; try again shortly",
     "服务器当前连接过多，请稍后再试"},
    {"the server is busy; try again shortly", "服务器繁忙，请稍后再试"},
    {"the server has too many live event streams open; try again shortly",
     "服务器当前实时推送连接过多，请稍后再试"},
    {"the server is shutting down", "服务器正在停止运行，请稍后再试"},
    {"the request body is larger than %zu bytes", "提交的内容过大（最多 {1} 字节）"},
    {"the path contains a NUL byte (%%00)", "地址中含有空字符（%00）"},
    {"query parameter %s contains a NUL byte (%%00)", "查询参数 {1} 中含有空字符（%00）"},
    {"a query parameter's name contains a NUL byte (%%00)", "查询参数名中含有空字符（%00）"},
    {"the request line contains a NUL byte", "请求行中含有空字符"},
    /* logging in and accounts */
    {"%s is required and must be text", "请填写{1}"},
    {"a password has at least %d characters", "密码至少需要 {1} 个字符"},
    {"the password must not be empty", "密码不能为空"},
    {"the password is longer than %d bytes", "密码过长（最多 {1} 字节）"},
    {"a login is %d–%d letters, digits or . _ - @", "登录名为 {1}–{2} 个字母、数字或 . _ - @"},
    {"a deputy account names its deputy", "代表账号须关联一名代表"},
    {"a unit account names its unit", "承办单位账号须关联一个单位"},
    {"the display name is too long", "显示名称过长"},
    {"wrong login or password", "登录名或密码错误"},
    {"the session has expired; please log in", "登录已过期，请重新登录"},
    {"too many failed logins for this account; try again in %d minutes",
     "此账号登录失败次数过多，请 {1} 分钟后再试"},
    {"the password is not valid UTF-8", "密码不是有效的 UTF-8 文本"},
    {"the password must not be only spaces", "密码不能全是空格"},
    {"a password has at least %d different characters", "密码至少要包含 {1} 个不同的字符"},
    {"the password is a dictionary word or based on one",
     "密码是常见单词或由常见单词简单变化而来，容易被猜中"},
    {"the password has too few different characters", "密码中不同的字符太少，容易被猜中"},
    {"the password is too simple or systematic (like 12345678)",
     "密码过于简单或有规律（如 12345678），容易被猜中"},
    {"the password reads the same backwards", "密码正读反读都一样，容易被猜中"},
    {"the password is too easy to guess", "密码太容易被猜中"},
    {"there is no user %s", "没有这个账号"},
    {"there is no user %lld", "没有这个账号"},
    {"there is no enabled user %lld", "没有这个账号，或账号已停用"},
    {"a login cannot be renamed; create a new account", "登录名不能修改，请新建账号"},
    /* bearer tokens */
    {"a token name has at most %d characters", "令牌名称最多 {1} 个字"},
    {"a token lives 1 to %d days", "令牌有效期为 1 到 {1} 天"},
    {"there is no token %lld", "没有编号为 {1} 的令牌"},
    {"there is no token %s", "没有编号为 {1} 的令牌"},
    {"you may manage only your own tokens", "只能管理自己的访问令牌"},
    {"tokens have no field %s", "令牌没有“{1}”这一项"},
    /* fields (the generic engine and the case kinds) */
    {"%s (%s) is required", "{2}为必填项"},
    {"%s is required", "此项为必填项"},
    {"%s must be text", "此项必须是文字"},
    {"%s must not contain NUL characters", "此项含有不允许的字符"},
    {"%s is longer than %d characters", "此项不能超过 {2} 个字"},
    {"%s must be a whole number", "此项必须是整数"},
    {"%s must be a number", "此项必须是数字"},
    {"%s must be a whole number from 1", "此项必须是从 1 开始的整数"},
    {"%s must be between %lld and %lld", "此项必须在 {2} 到 {3} 之间"},
    {"%s must be a record id", "请选择一条记录"},
    {"%s must be a date written YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"},
    {"%s must be a date YYYY-MM-DD", "日期格式应为 YYYY-MM-DD"},
    {"%s must be one of: %s%.0s", "只能是以下之一：{3}"},
    {"%s must be true or false", "此项只能是“是”或“否”"},
    {"%s must be a list of at most %d record ids", "最多选择 {2} 条记录"},
    {"%s must be a list of record ids", "请选择记录"},
    {"%s has no field %s", "没有“{2}”这一项"},
    {"%s cannot refer to the record itself", "不能引用记录本身"},
    {"%s: there is no %s %lld", "所选记录（编号 {3}）不存在"},
    {"%s: %s %lld belongs to another congress", "所选记录（编号 {3}）属于其他人大"},
    {"a %s record with the same identifying fields exists", "已有相同的记录"},
    {"other records still refer to this %s record; change or delete them first",
     "还有其他记录引用这条记录，请先修改或删除它们"},
    {"%d row%s errors; nothing was imported", "{1} 行有错误，没有导入任何数据"},
    {"%s must not be before %s", "结束日期不能早于开始日期"},
    {"a point belongs to a station, not to another point", "联络点只能隶属于联络站"},
    {"announced_on must not be after held_on: a reception is announced before it is held",
     "公告日期不能晚于接待日期：接待日应在接待前公告"},
    {"%s is the office's filter", "“{1}”只供机关工作人员筛选"},
    /* the supervision and office registers (collection/registers/, docs/registers.md) */
    {"%s must not be more than a year from today", "日期不能晚于今天起一年"},
    {"a rectified finding needs rectified_on, the day it was verified", "销号须填写销号日期"},
    {"a rectified finding needs its evidence (整改佐证)", "销号须提供整改佐证"},
    {"a finding still tracked has no rectified_on; set status to rectified",
     "挂号的问题不能填写销号日期；已整改的请将状态改为销号"},
    {"rectified_on must not be before report_on", "销号日期不能早于审计报告审议日期"},
    {"rectified_on must not be after today", "销号日期不能晚于今天"},
    {"bodies_covered must not be more than bodies_total", "已覆盖单位数不能超过应审查单位数"},
    {"filed_on must not be before published_on", "报备日期不能早于发布日期"},
    {"answered_on must not be before opinion_sent_on", "制定机关答复日期不能早于审查意见送达日期"},
    {"a document found lawful is not negotiated, corrected or annulled (stage %s)",
     "审查结论为合法的文件不进入沟通协商、书面审查意见、纠正或撤销阶段"},
    {"stage %s needs the finding unlawful or inappropriate",
     "此审查阶段须先作出违法或不适当的审查结论"},
    {"stage %s needs the day the written review opinion was sent (opinion_sent_on)",
     "此审查阶段须填写审查意见送达日期"},
    {"an annulled document names the committee session that annulled it (annul_meeting_id)",
     "已撤销的文件须注明作出撤销决定的常委会会议"},
    {"replied_on must not be before submitted_on", "批复日期不能早于报送日期"},
    {"the parent congress must be of a higher level than %s", "上级人大的层级必须高于本级"},
    {"a congress must be of a higher level than the congresses under it",
     "人大的层级必须高于其下级人大"},
    {"per_page must be a whole number from 1 to %lld", "每页条数应为 1 到 {1}"},
    {"per_page must be from 1 to %lld", "每页条数应为 1 到 {1}"},
    {"page must be a whole number from 1", "页码必须是从 1 开始的整数"},
    {"q is too long", "搜索内容过长"},
    {"q has more than %d words", "搜索词不能超过 {1} 个"},
    {"year must be like 2024", "年份格式应为 2024 这样的四位数"},
    /* lists (the query layer: every list, count and export) */
    {"%s cannot be filtered by %s", "不能按“{2}”筛选"},
    {"%s cannot be counted by %s", "不能按“{2}”统计"},
    {"%s is not a field the public may fill in", "“{1}”不是公众可以填写的内容"},
    {"no more than %lld submissions an hour from one address; please try later",
     "同一地址每小时最多提交 {1} 次，请稍后再试"},
    {"an answered request says what was done (reply)", "已反馈的审查建议须填写办理情况"},
    {"an answered request has its day (answered_on)", "已反馈的审查建议须填写反馈日期"},
    {"answered_on must not be before received_on", "反馈日期不能早于收到日期"},
    {"collection must name a register whose records hold satisfaction polls",
     "collection 必须是可以进行满意度测评的台账"},
    {"record_id names the record polled", "请指明测评的记录（record_id）"},
    {"a poll on a record uses the satisfaction rule", "对台账记录的测评须采用满意度测评规则"},
    {"a poll is held on a case or on a record, not both",
     "测评对象只能是一件案件或一条记录，不能同时指定"},
    {"there is no %s record %lld in this congress", "本级人大没有这条记录（{2}）"},
    {"%s cannot be summed by %s: sum takes a number field", "不能按“{2}”合计：合计只能用数值字段"},
    {"this record still has %lld %s; delete them first", "该记录下还有 {1} 条“{2}”记录，请先删除"},
    {"cannot sort %s by %s", "不能按“{2}”排序"},
    {"%s must be a whole number from %lld to %lld", "{1} 应为 {2} 到 {3} 之间的整数"},
    {"%s takes at most %d values separated by commas", "{1} 最多可取 {2} 个值，以逗号分隔"},
    {"%s has an empty value in its list", "{1} 的取值列表中有空值"},
    {"%s is given more than once; give a list as a,b", "{1} 出现了多次；多个取值请写成 a,b"},
    {"%s has no date to filter by year", "此类记录没有可按年份筛选的日期"},
    {"after pages in the order of id; leave out sort", "after 只能按编号顺序翻页，请去掉排序"},
    {"too many query conditions (more than %d values)", "查询条件过多（超过 {1} 个值）"},
    {"a query parameter is not valid UTF-8", "查询参数不是有效的 UTF-8 文本"},
    {"%s must be a number with at most %d decimals", "此项必须是数字，最多 {2} 位小数"},
    {"%s must be between %s and %s", "此项必须在 {2} 到 {3} 之间"},
    {"%s must be a time written YYYY-MM-DDTHH:MM:SSZ (UTC)",
     "时间格式应为 YYYY-MM-DDTHH:MM:SSZ（UTC）"},
    {"%s must be a list of at most %d entries", "此项最多 {2} 项"},
    {"each entry of %s must be an object", "每一项的格式不正确"},
    {"an entry of %s has no field %s", "每一项中不能有“{2}”"},
    {"each entry of %s needs %s", "每一项都需要填写 {2}"},
    {"%s are uploaded as files, not written", "附件请以上传文件的方式添加"},
    /* imports by name */
    {"%s: no %s is called \"%s\"%.0s", "{1}：没有名为“{3}”的{4}"},
    {"%s: more than one %s is called \"%s\"; give its id instead%.0s",
     "{1}：名为“{3}”的{4}不止一个，请改填编号"},
    {"column \"%s\" repeats column \"%s\"", "“{1}”列与“{2}”列重复"},
    {"an import takes no %s", "导入不接受参数“{1}”"},
    {"mode must be create or upsert", "导入方式只能是 create（新增）或 upsert（更新已有记录）"},
    /* case actions */
    {"there is no action %s; see docs/cases.md", "没有这项操作"},
    {"%s have no action %s%.0s", "{3}没有这项操作"},
    {"%s changes only while the case is a draft; after submission it is changed by an action "
     "(convert)",
     "提交后不能再修改此项（议案可通过“转为建议”改变类型）"},
    {"you have already confirmed this case", "您已确认附议"},
    {"your unit's part of this case is %s; it has nothing to answer now",
     "本单位的办理状态为“{1}”，现在无需答复"},
    {"everyone staff record feedback for has rated", "需要代为记录评价的人都已评价"},
    {"this case's deadline was extended once already; it is extended only once",
     "此件已延期一次，只能延期一次"},
    {"your unit has asked for more time on this case already; wait for the office's answer",
     "本单位已申请延期，请等待机关答复"},
    {"only staff may give %s", "只有机关工作人员可以决定延期申请"},
    {"class is required", "请选择答复类别"},
    {"reason is required", "请填写理由"},
    /* settings */
    {"there is no setting %s", "没有这项设置"},
    {"%s is the installation's setting", "这是整个系统的设置，只有系统管理员可以修改"},
    {"%s is the installation's setting: only an administrator sees it",
     "这是整个系统的设置，只有系统管理员可以查看"},
    {"the duty record is a deputy's own page", "履职记录是代表本人的页面"},
    /* imports */
    {"the file is empty: it needs a header row", "文件为空：第一行应为表头"},
    {"column \"%s\" is not a field of %s", "“{1}”列不是此类记录的字段"},
    {"line %ld: a quoted field is never closed (missing '\"')", "第{1}行：引号没有闭合"},
    {"line %ld: unexpected text after a closing quote", "第{1}行：引号后有多余的文字"},
    {"line %ld: a cell is longer than %d bytes", "第{1}行：单元格内容过长"},
    {"line %ld: more than %d rows", "第{1}行：行数超过上限 {2}"},
    {"line %ld: more than %d columns", "第{1}行：列数超过上限 {2}"},
    {"line %ld: invalid UTF-8 or a NUL byte", "第{1}行：含有无效字符（请用 UTF-8 编码保存）"},
    {"xlsx: not a valid xlsx (zip) file: %s", "不是有效的 xlsx 文件"},
    {"xlsx: the file is empty", "xlsx 文件为空"},
    {"xlsx: the unpacked file is larger than %d MiB", "xlsx 文件解压后超过 {1} MiB"},
    {"xlsx: the workbook has no worksheet (%s missing)", "xlsx 文件中没有工作表"},
    {"xlsx %s%s%s: %s", "xlsx 文件内容有误（{1}{2}{3}）：{4}"},
    {"%s: %ld rows of %ld columns are more than the %d cells allowed",
     "表格有 {2} 行 {3} 列，超过单元格总数上限 {4}"},
    {"the export is too large", "导出的数据过多，请先筛选"},
    /* cases: who and when */
    {"only %s may %s this case%.0s%.0s", "只有{3}可以{4}本件"},
    {"the case is %s; %s is allowed only when it is %s%.0s%.0s%.0s",
     "本件当前为“{4}”，只有在“{6}”时才能{5}"},
    {"the case is %s; it can be changed only while draft or submitted",
     "本件已受理，只有草稿或已提交的办件可以修改"},
    {"only staff or the lead deputy may change this case",
     "只有机关工作人员或领衔代表可以修改本件"},
    {"the %s role may not register %s", "您的角色不能登记此类办件"},
    {"a deputy writes proposals in their own name", "代表只能以本人名义提出建议"},
    {"the lead deputy is fixed once written", "领衔代表确定后不能更改"},
    {"the lead deputy is not also a cosigner", "领衔代表不能同时作为附议代表"},
    {"deputy %lld is listed twice", "同一名代表重复列出"},
    {"deputy %lld is not a deputy of this congress", "所选代表不是本级人大代表"},
    {"cosigners must be a list of deputy ids", "请选择附议代表"},
    {"%s is set by an action, not written", "此项由办理操作填写，不能直接修改"},
    {"%s %s is after today (%s)", "日期 {2} 晚于今天（{3}）"},
    {"%s takes no %s", "此操作不接受“{2}”"},
    {"statistics are for staff and committee members",
     "办理统计仅供机关工作人员和常委会组成人员查看"},
    {"the inbox is for staff, units and deputies", "待办事项仅供机关工作人员、承办单位和代表使用"},
    {"mine must be true, lead or cosigner", "筛选条件只能是 true、lead 或 cosigner"},
    {"mine is for deputies: it picks the cases they lead or cosign", "此筛选仅供代表使用"},
    /* cases: the rules */
    {"reason must be one of outside_jurisdiction, private_affairs, petition_letter, "
     "advertising, no_content",
     "请选择不予立案的理由"},
    {"units must list at least one {unit_id, role}", "请至少选择一个承办单位"},
    {"each unit needs a unit_id", "请选择承办单位"},
    {"unit %lld is listed twice", "同一承办单位重复列出"},
    {"a unit's role is lead, co or separate", "承办方式只能是主办、协办或分办"},
    {"assign one lead unit (with any co units) or one or more separate units",
     "请指定一个主办单位（可加协办单位），或一个以上分办单位"},
    {"this case is not assigned to your unit", "本件未交办给本单位"},
    {"the time to return this case ended on %s", "退回期限已于 {1} 届满"},
    {"class must be a letter from A to %c", "答复类别应为 A 到 {1}"},
    {"rating must be satisfied, basically_satisfied or unsatisfied",
     "请选择满意、基本满意或不满意"},
    {"staff record feedback for a voter or petitioner: name person_id", "请选择反馈的群众"},
    {"person_id is not a voter or petitioner owed this case's reply (deputies give their own "
     "feedback)",
     "所选人员不是本件的选民或信访人（代表本人评价）"},
    {"feedback for this reply was already given", "这次答复已经评价过了"},
    {"a petition is extended only once", "信访件只能延期一次"},
    {"due_on (YYYY-MM-DD) is required", "请填写新的办理期限"},
    {"due_on must be after the current deadline %s", "新的期限必须晚于现在的期限 {1}"},
    {"this case has no such extension request", "本件没有这项延期申请"},
    {"this request was already %s", "这项申请已经处理过了"},
    /* time limits, joint feedback and co-units (domain/case/rules.c, issue 10) */
    {"%s %s is before %s (%s)%.0s", "日期 {2} 早于{5}（{4}）"},
    {"received_on is required", "请填写收到日期"},
    {"the lead unit replies after every co-unit's view; still missing: %s",
     "主办单位须在各协办单位提出意见后答复；尚未提出意见的协办单位：{1}"},
    {"a rating of this reply is unsatisfied; the case is re-handled, not closed",
     "本次答复有不满意的评价，应当重办，不能办结"},
    {"%d of the %d people owed this reply have not rated it; close after they have, or after "
     "the feedback period ends on %s",
     "应评价的 {2} 人中还有 {1} 人未评价；请待全部评价后或评价期限 {3} 届满后办结"},
    {"no rating of this reply is unsatisfied; there is nothing to re-handle",
     "本次答复没有不满意的评价，无需重办"},
    {"re-handling starts when every rating is in or the feedback period ends on %s",
     "全部评价后或评价期限 {1} 届满后方可重办"},
    {"into must be the id of the main case", "请选择主件"},
    {"a case cannot be merged into itself", "办件不能并入其本身"},
    {"case %lld is not an open case of this kind", "#{1} 不是可以并入的同类办件"},
    {"only a motion is converted into a suggestion", "只有议案可以转为建议"},
    {"only letters and visits are forwarded", "只有信访件可以转送"},
    {"letters and visits have no %s", "信访件没有这项操作"},
    {"voters' opinions have no %s", "选民意见没有这项操作"},
    /* meetings in the case engine: motions at the plenary, deliberation opinions, key
     * supervision (domain/case/meetings.c, kinds/proposal.c, kinds/deliberation.c; issue 12) */
    {"%s: there is no meeting %lld of this congress", "本级人大没有编号为 {2} 的会议"},
    {"%s: meeting %lld is a %s, not a %s%.0s%.0s", "会议 {2} 是{5}，不是{6}"},
    {"key supervision is designated by a chairpersons' meeting: name it (meeting_id)",
     "重点督办由主任会议决定：请选择作出决定的主任会议"},
    {"meeting_id: the chairpersons' meeting is on %s; it has not met yet",
     "该次主任会议定于 {1} 召开，尚未举行"},
    {"a motion is tabled at a plenary session: name the session (meeting_id); between sessions "
     "send a suggestion",
     "议案在人民代表大会会议期间提出：请选择大会会议；闭会期间请提出建议"},
    {"meeting_id: %s is under way from %s to %s; a proposal handed in on %s is not handed in at it",
     "{1}会期为 {2} 至 {3}，{4} 提出的不属于该次会议"},
    {"meeting_id: the presidium's deadline for motions at %s was %s (UTC)",
     "{1}主席团确定的议案截止时间（{2}，UTC）已过"},
    {"committee_id: %lld is not a special committee of this congress",
     "{1} 不是本级人大的专门委员会"},
    {"name the special committee the motion is sent to (committee_id)",
     "请选择交付审议的专门委员会"},
    {"committee_id goes with the decision committee only",
     "只有决定交专门委员会审议时才选择专门委员会"},
    {"the presidium has decided this motion already", "主席团已经对本议案作出决定"},
    {"the presidium decides motions; this is a suggestion", "主席团决定的是议案，本件是建议"},
    {"a motion goes to the presidium, not straight to a unit: record the presidium's decision "
     "first (decide), or convert it into a suggestion",
     "议案须经主席团决定后方可交办：请先登记主席团的决定，或将其转为建议"},
    {"agenda_item_id: item %lld is not on the agenda of meeting %lld",
     "议程项 {1} 不在会议 {2} 的议程上"},
    {"agenda_item_id: item %lld is a %s item; deliberation opinions are on a work report",
     "议程项 {1} 不是工作报告；审议意见针对会议听取的工作报告提出"},
    {"name the unit the deliberation opinions are sent to (unit_id)",
     "请选择审议意见送交的报告单位"},
    {"meeting_id: the session is on %s; its deliberation opinions are written after it heard the "
     "report",
     "该次常委会会议定于 {1} 举行；审议意见在会议听取报告后提出"},
    {"the work report names no reporting unit: give unit_id",
     "该工作报告没有报告单位：请选择报告单位"},
    /* attachments (domain/attachment/, api/attachment_api.c) */
    {"the file is larger than the attachment limit of %lld bytes (setting attachment_max_bytes)",
     "文件超过附件大小上限（{1} 字节）"},
    {"the file is empty", "文件是空的"},
    {"files of type %s are not accepted; send a PDF, a Word, Excel or PowerPoint file, an image "
     "(PNG, JPEG, GIF, WebP) or plain text",
     "不接受此类文件（{1}）；请上传 "
     "PDF、Word、Excel、PowerPoint、图片（PNG、JPEG、GIF、WebP）或纯文本文件"},
    {"the file's name is not valid UTF-8", "文件名不是有效的 UTF-8 文本"},
    {"the file's name contains a control character", "文件名中含有控制字符"},
    {"give the file's name (?name=…)", "请提供文件名"},
    {"the file's name is longer than %d characters", "文件名过长（最多 {1} 个字符）"},
    {"you may not add files to %s %lld now", "您现在不能为这条记录添加附件"},
    {"there are no records called %s", "没有这类记录"},
    {"attachment %lld has no thumbnail", "该附件没有缩略图"},
    {"there is no attachment %lld", "没有编号为 {1} 的附件"},
    {"only the office, or whoever added the file while they may still add files, may remove "
     "attachment %lld",
     "只有机关工作人员，或在仍可添加附件时由上传者本人，才能删除这个附件"},
    {"attachment %lld goes with a reply that was sent; it stays with it",
     "附件 {1} 属于已发出的答复，不能删除"},
    {"attachment %lld is not a file your unit uploaded to this case for a reply not yet sent",
     "附件 {1} 不是本单位为本件上传且尚未随答复发出的文件"},
    {"attachment %lld is listed twice", "附件 {1} 重复了"},
    {"the multipart form has no usable boundary", "上传表单格式错误（缺少分隔符）"},
    {"the multipart form holds no file part", "上传表单中没有文件"},
    /* meetings (src/domain/meeting/) */
    {"there is no meeting %lld", "没有编号为 {1} 的会议"},
    {"cases or votes name this meeting; change or delete them first",
     "有办件或表决引用此会议，请先修改或删除它们"},
    {"a satisfaction poll is held on a deliberation opinion's handling report",
     "满意度测评只能针对审议意见的办理情况报告"},
    {"the unit has not reported how it handled the opinions yet",
     "承办单位尚未报告审议意见的办理情况"},
    {"these documents are the office's: they go with a secret vote",
     "此议题为无记名投票事项，相关材料仅供机关工作人员查阅"},
    {"vote %lld of this meeting is still open: close it first",
     "本次会议的表决 {1} 尚未结束，请先结束表决"},
    {"a meeting has no action %s", "会议没有此操作"},
    {"the meeting is %s: it cannot %s", "会议当前状态为{1}，不能执行此操作"},
    {"the item goes on meeting %lld's agenda", "议题只能列入会议 {1} 的议程"},
    {"members and deputies report their own leave", "只有常委会组成人员和代表本人可以请假"},
    {"reason is text of at most %d bytes", "请假事由为文字，最多{1}字节"},
    {"you are not of this meeting's electorate", "您不是本次会议的应出席人员"},
    {"the meeting is %s: leave is reported before it opens (the office records attendance from "
     "then on)",
     "会议已开始：请假须在开会前提出（此后由办公室登记出席情况）"},
    {"members and deputies have meetings of their own", "只有常委会组成人员和代表有本人的会议通知"},
    {"no term of this congress covers %s %s: give term_id",
     "本级人大没有涵盖 {2} 的届次：请指定届次"},
    {"only a standing committee session has its agenda set by a chairpersons' meeting",
     "只有常委会会议的议程由主任会议确定"},
    {"agenda_set_by names a chairpersons' meeting of the same term, held on or before the session",
     "确定议程的须是同一届、在本次会议之前（或当天）召开的主任会议"},
    {"ends_on must not be before starts_on", "结束日期不能早于开始日期"},
    {"only a plenary session sets a deadline for deputies' motions",
     "只有人民代表大会会议设定议案截止时间"},
    {"the meeting is closed: its record is fixed", "会议已闭会，记录不能再修改"},
    {"only a planned meeting is deleted; this one is %s", "只能删除筹备中的会议"},
    {"the meeting is closed: its agenda is fixed", "会议已闭会，议程不能再修改"},
    {"a motion is tabled by the chairpersons' council, the government, a special committee, or "
     "%lld or more members jointly",
     "议案须由主任会议、人民政府、专门委员会或常委会组成人员{1}人以上联名提出"},
    {"a motion by members is tabled by %lld or more of them jointly; %zu named",
     "常委会组成人员联名提出议案须{1}人以上，现为{2}人"},
    {"member %lld is not of the meeting's term", "组成人员 {1} 不属于本届"},
    {"an agenda item stays with its meeting", "议题不能移到其他会议"},
    {"a work report names the unit reporting", "专项工作报告须写明报告单位"},
    {"a law study names the law", "会前学法须写明所学法律"},
    {"a motion item belongs to a standing committee session (deputies' motions at a plenary are "
     "cases: /api/v1/proposals)",
     "议案议题只能列入常委会会议（代表大会期间的代表议案按议案建议办理）"},
    {"people[%zu] must be an object", "出席名单第{1}项格式不正确"},
    {"the attendance of this meeting names %s, not %s", "本次会议的出席名单应填写{1}"},
    {"%lld is not of this meeting's electorate", "{1} 不是本次会议的应出席人员"},
    {"status must be one of: present, leave, absent", "出席情况只能是：出席、请假、缺席"},
    {"observers is a list of at most %d people", "列席人员最多{1}人"},
    {"an observer has a name (and a unit), each at most %d bytes",
     "列席人员须填写姓名（及单位），每项最多{1}字节"},
    {"the body is a list of attendance rows, or an object with people and observers",
     "请求内容应为出席名单，或包含出席名单和列席人员的对象"},
    {"people is a list of attendance rows", "出席名单格式不正确"},
    {"the meeting is closed: its attendance is fixed", "会议已闭会，出席情况不能再修改"},
    {"no term covers today: give term_id", "今天不在任何届次内：请指定届次"},
    {"an agenda item's vote names its meeting_id too", "议题的表决须同时写明会议"},
    {"there is no meeting %lld in this congress", "本级人大没有编号为 {1} 的会议"},
    {"meeting %lld is closed: it takes no more votes", "会议 {1} 已闭会，不能再表决"},
    {"a chairpersons' meeting decides by discussion, not by a vote event; votes are taken at "
     "committee and plenary sessions",
     "主任会议以讨论方式决定事项，不设表决；表决在常委会会议和代表大会会议上进行"},
    {"agenda item %lld is not on meeting %lld's agenda", "议题 {1} 不在会议 {2} 的议程中"},
    {"the meeting is %s: its votes open while it is under way (open the meeting first)",
     "会议尚未开始：会议进行中才能开始表决（请先宣布开会）"},
    {"a poll on a case's handling uses the satisfaction rule", "对办理情况的测评须采用满意度规则"},
    {"a vote at this meeting is put to its electorate: %s", "本次会议的表决对象为会议应出席人员"},
    {"a vote at a meeting is of the meeting's term", "会议上的表决属于该会议所在届次"},
    {"there is no case %lld in this congress", "本级人大没有编号为 {1} 的办件"},
    {"this vote is at a meeting: who is present comes from its attendance",
     "这是会议上的表决：出席人员以会议签到为准"},
    /* votes (src/domain/vote/) */
    {"%lld ballots issued to %lld present", "发出选票{1}张，但出席仅{2}人"},
    {"%lld ballots returned of %lld issued", "收回选票{1}张，多于发出的{2}张"},
    {"%lld invalid of %lld returned", "无效票{1}张，多于收回的{2}张"},
    {"%lld is not of this vote's electorate", "{1}不在本次表决的表决人名单中"},
    {"%lld of %lld deputies are present: a vote needs at least %lld/%lld of all deputies",
     "全体代表{2}名，出席{1}名：表决须有全体代表的{3}/{4}以上出席"},
    {"%lld of %lld members are present: a vote needs more than %lld/%lld of all members",
     "常委会组成人员{2}名，出席{1}名：表决须超过全体组成人员的{3}/{4}"},
    {"%lld yes in all: %lld valid ballots of at most %lld yes each hold no more than %lld",
     "赞成共{1}票：{2}张有效票每张至多{3}个赞成，合计不能超过{4}"},
    {"%s has %lld marks, more than the %lld valid ballots", "{1}的票数合计{2}，多于有效票{3}张"},
    {"%s is not a candidate of this vote", "{1}不是本次票决的候选项目"},
    {"%s is not a field of a vote", "表决没有“{1}”这一项"},
    {"%s is not an option of this vote", "“{1}”不是本次表决的选项"},
    {"%s must be a count (0 or more)", "{1}须为不小于0的数"},
    {"%s must be one of: %s", "{1}须为以下之一：{2}"},
    {"a ballot of candidates lists 2 to %d of them", "候选项目须为2至{1}个"},
    {"a candidate is marked yes, no or abstain", "每个候选项目只能标记赞成、反对或弃权"},
    {"a list vote names its voters (deputy ids)", "指定名单的表决须列出表决代表"},
    {"a second staff account confirms the counts before the result is announced",
     "计票结果须由另一名工作人员核对后才能宣布"},
    {"a vote has at most %d voters", "一次表决至多{1}名表决人"},
    {"a vote has no action %s", "表决没有“{1}”操作"},
    {"candidate %zu has no name", "第{1}个候选项目没有名称"},
    {"candidates gives each candidate's yes, no and abstain",
     "请填写每个候选项目的赞成、反对、弃权票数"},
    {"choice must be one of: %s", "请选择：{1}"},
    {"counts gives the number for each option", "请填写每个选项的票数"},
    {"enter the paper counts before closing", "请先录入纸质计票结果再结束表决"},
    {"give %s's yes, no and abstain (0 or more)", "请填写{1}的赞成、反对、弃权票数（不小于0）"},
    {"more yes than the %lld places: the ballot would be invalid",
     "赞成数超过应选{1}个，此票将为无效票"},
    {"no term of this congress covers today: give term_id",
     "今天不在本级人大任何一届的任期内：请指定届次"},
    {"only a draft is deleted; an opened vote stays on record (annul it)",
     "只能删除草稿；已开始的表决须保留记录（可宣布无效）"},
    {"only the office's staff %s a vote", "只有办公室工作人员可以操作表决（{1}）"},
    {"only the office's staff delete a vote", "只有办公室工作人员可以删除表决"},
    {"only the office's staff put a question to a vote", "只有办公室工作人员可以提请表决"},
    {"places (how many are chosen) is a number from 1 to the %zu candidates",
     "应选数须为1至{1}（候选数）之间的数"},
    {"present item %zu is not an id", "出席名单第{1}项不是编号"},
    {"present lists who is present (ids of the electorate)", "请给出出席人员名单"},
    {"receipts are given with the electronic ballots of a secret vote",
     "只有电子无记名投票才有回执"},
    {"rule must be one of: majority_of_all, two_thirds_of_all, top_n_above_half, satisfaction",
     "表决规则须为：全体过半数、全体三分之二以上、差额票决、满意度测评之一"},
    {"say why the vote is annulled", "请说明宣布表决无效的理由"},
    {"the candidate %s is listed twice", "候选项目“{1}”重复"},
    {"the count of %s must be 0 or more", "{1}的票数须不小于0"},
    {"the counts add up to %lld, but the valid ballots (returned less invalid) are %lld",
     "各选项票数合计{1}，与有效票数（收回减无效）{2}不符"},
    {"the counts are already confirmed", "计票结果已核对"},
    {"the counts are confirmed by a second account, not the one that entered them",
     "计票结果须由录入人以外的另一名工作人员核对"},
    {"the deputy %lld is listed twice", "代表{1}重复列出"},
    {"the electorate is empty: nobody of the term could vote",
     "表决人名单为空：本届没有可以表决的人员"},
    {"the electorate of a %s vote is fixed when it opens; voters are for a list vote",
     "此类表决的表决人在开始表决时确定；只有指定名单的表决才列出表决人"},
    {"the question is longer than %d bytes", "表决事项超过{1}字节"},
    {"the question is required", "请填写表决事项"},
    {"the reason is longer than %d bytes", "理由超过{1}字节"},
    {"the receipts are published when the vote closes", "回执在表决结束后公布"},
    {"the vote closed before the ballot arrived", "表决已结束，此票未能计入"},
    {"the vote is %s, not open", "表决当前为“{1}”，不在进行中"},
    {"the vote is %s; an open or closed vote is annulled (a draft is deleted)",
     "表决当前为“{1}”；只有进行中或已结束的表决可宣布无效（草稿可直接删除）"},
    {"the vote is %s; counts are entered while open",
     "表决当前为“{1}”；计票结果须在表决进行中录入"},
    {"the vote is %s; only a draft opens", "表决当前为“{1}”；只有草稿可以开始表决"},
    {"the vote is %s; only an open vote closes", "表决当前为“{1}”；只有进行中的表决可以结束"},
    {"there are no paper counts to confirm", "没有待核对的计票结果"},
    {"there is no deputy %lld in this congress", "本级人大没有代表{1}"},
    {"there is no term %lld in this congress", "本级人大没有届次{1}"},
    {"there is no vote %lld", "没有表决{1}"},
    {"this vote is cast electronically, not on paper", "此次表决为电子表决，不使用纸质票"},
    {"this vote is cast on paper ballots", "此次表决使用纸质选票"},
    {"voter %zu is not a deputy id", "第{1}名表决人不是代表编号"},
    {"votes are the office's and their voters' (members and deputies)",
     "只有办公室和表决人（常委会组成人员、代表）可以查看表决"},
    {"you are not of this vote's electorate", "您不在本次表决的表决人名单中"},
    {"you have already voted: a secret ballot is final", "您已投票：无记名投票一经投出不能更改"},
    {"you were not recorded present when the vote opened; ask the office",
     "开始表决时您未登记出席；请联系办公室"},
    {"only members of the standing committee vote on this question",
     "只有常委会组成人员可以对此事项表决"},
    {"only deputies vote on this question", "只有代表可以对此事项表决"},
    {"a member account names its member record (who votes)",
     "常委会组成人员账号须对应其组成人员记录"},
    {"only a member account names a member", "只有常委会组成人员账号可以对应组成人员记录"},
    {"there is no member %lld in congress %lld", "人大{2}没有组成人员{1}"},
};

const char *msg_zh_template(const char *fmt) {
    for (size_t i = 0; fmt && i < sizeof catalog / sizeof catalog[0]; i++)
        if (strcmp(catalog[i].en, fmt) == 0)
            return catalog[i].zh;
    return NULL;
}

#define SLOTS 9
#define SLOT_MAX 256

/* skip_number — past a width or precision: digits, or '*' whose int argument it
 * consumes and returns (-1 otherwise). */
static int skip_number(const char **sp, va_list *ap) {
    int star = -1;
    if (**sp == '*') {
        star = va_arg(*ap, int);
        (*sp)++;
    }
    while (**sp >= '0' && **sp <= '9')
        (*sp)++;
    return star;
}

/* print_args — each conversion of fmt printed on its own into slots, consuming ap as
 * printf would; false on a conversion this does not know (then no translation). */
static bool print_args(const char *fmt, va_list *ap, char slots[SLOTS][SLOT_MAX], int *n) {
    *n = 0;
    for (const char *s = fmt; *s; s++) {
        if (*s != '%')
            continue;
        if (s[1] == '%') {
            s++;
            continue;
        }
        const char *start = s++;
        while (*s && strchr("-+ #0", *s))
            s++;
        skip_number(&s, ap); /* the width: a '*' width's int is consumed, not used */
        int star = -1;       /* a '*' precision (%.*s): printed as the English prints it */
        if (*s == '.') {
            s++;
            star = skip_number(&s, ap);
        }
        int longs = 0;
        bool size = false;
        while (*s == 'l' || *s == 'h' || *s == 'z' || *s == 'j' || *s == 't') {
            longs += *s == 'l';
            size |= *s == 'z' || *s == 'j' || *s == 't';
            s++;
        }
        char spec[32];
        size_t len = (size_t)(s - start) + 1;
        if (len >= sizeof spec || *n >= SLOTS)
            return false;
        memcpy(spec, start, len);
        spec[len] = '\0';
        char *slot = slots[(*n)++];
        switch (*s) {
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (size)
                snprintf(slot, SLOT_MAX, spec, va_arg(*ap, size_t));
            else if (longs >= 2)
                snprintf(slot, SLOT_MAX, spec, va_arg(*ap, long long));
            else if (longs == 1)
                snprintf(slot, SLOT_MAX, spec, va_arg(*ap, long));
            else
                snprintf(slot, SLOT_MAX, spec, va_arg(*ap, int));
            break;
        case 'c': snprintf(slot, SLOT_MAX, "%c", va_arg(*ap, int)); break;
        case 's': {
            const char *v = va_arg(*ap, const char *);
            if (star >= 0)
                snprintf(slot, SLOT_MAX, "%.*s", star, v ? v : "");
            else
                snprintf(slot, SLOT_MAX, "%s", v ? v : "");
            break;
        }
        case 'f':
        case 'g':
        case 'e': snprintf(slot, SLOT_MAX, spec, va_arg(*ap, double)); break;
        default: return false;
        }
    }
    return true;
}

void msg_zh_format(const char *fmt, va_list ap, char *out, size_t cap) {
    if (!cap)
        return;
    out[0] = '\0';
    const char *tpl = msg_zh_template(fmt);
    if (!tpl)
        return;
    char slots[SLOTS][SLOT_MAX];
    int n = 0;
    va_list cp;
    va_copy(cp, ap);
    bool ok = print_args(fmt, &cp, slots, &n); /* a local va_list's address is portable */
    va_end(cp);
    if (!ok)
        return;
    size_t j = 0;
    for (const char *t = tpl; *t && j + 1 < cap; t++) {
        if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}' && t[1] - '0' <= n) {
            const char *v = slots[t[1] - '1'];
            size_t l = strlen(v);
            if (j + l >= cap)
                break;
            memcpy(out + j, v, l);
            j += l;
            t += 2;
        } else {
            out[j++] = *t;
        }
    }
    /* a cut never splits a character: drop a trailing partial sequence */
    while (j > 0 && !utf8_valid(out, j))
        j--;
    out[j] = '\0';
}
