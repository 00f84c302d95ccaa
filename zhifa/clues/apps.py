from django.apps import AppConfig


class CluesConfig(AppConfig):
    name = "zhifa.clues"
    label = "clues"
    verbose_name = "线索管理"

    def ready(self) -> None:
        from zhifa.core.subjects import register_subject
        from zhifa.worklist.registry import ApprovalStepSpec, register_approval_type, register_deadline_source

        from .services.intake import ACCEPTANCE_APPROVAL, acceptance_finished
        from .subjects import clue_access, clue_describe, clue_url, my_clue_deadlines

        register_subject("clues.clue", access=clue_access, describe=clue_describe, url=clue_url)
        # spec/02 §1.1.1.2 线索审批管理: 案源登记人提交案源负责人审批，受理或不受理.
        register_approval_type(
            ACCEPTANCE_APPROVAL,
            "线索受理审批",
            on_finished=acceptance_finished,
            default_steps=(ApprovalStepSpec("team_leader", "案源负责人审批"),),
        )
        register_deadline_source(my_clue_deadlines)
