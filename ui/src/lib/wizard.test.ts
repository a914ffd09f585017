import { describe, expect, it } from 'vitest';
import { supportRequest } from '../test/fixtures';
import {
	WIZARD_STEPS,
	defaultTitle,
	describeMilestone,
	emptyDraft,
	firstStepWithErrors,
	furthestAfterEdit,
	isIsoDate,
	isWizardStep,
	laterStep,
	milestoneFields,
	milestoneProblem,
	nextStep,
	orderedTriggers,
	previousStep,
	reachedSteps,
	severityChangeReason,
	splitWizardErrors,
	supportRequestLabel,
	toMilestone,
	withSupportRequest
} from './wizard';

const SR = supportRequest({
	id: 'sr-1',
	vendorSrNumber: '24512345678',
	title: 'vMotion fails',
	severity: 3,
	details: {
		product: 'vSphere 8.0 U3',
		problemStatement: 'vMotion fails between esx01 and esx02',
		businessImpact: '400 VMs cannot be patched',
		workaround: { kind: 'impractical', why: 'Cold migration needs downtime' },
		milestone: { kind: 'on', date: '2031-05-01', what: 'Go-live' },
		technician: { name: '', email: '', phone: '' }
	}
});

const OTHER = supportRequest({
	id: 'sr-2',
	vendor: 'redhat',
	vendorName: 'Red Hat',
	vendorSrNumber: '0401',
	title: 'Kernel panic',
	severity: 2,
	details: {
		product: '',
		problemStatement: 'Kernel panics on boot',
		businessImpact: '',
		workaround: { kind: 'none' },
		milestone: { kind: 'none_explicitly' },
		technician: { name: '', email: '', phone: '' }
	}
});

describe('steps', () => {
	it('go in the order of the vendor’s process', () => {
		expect(WIZARD_STEPS.map((step) => step.id)).toEqual([
			'support_request',
			'triggers',
			'readiness',
			'recommendation',
			'route',
			'confirm'
		]);
		expect(nextStep('support_request')).toBe('triggers');
		expect(nextStep('confirm')).toBeNull();
		expect(previousStep('triggers')).toBe('support_request');
		expect(previousStep('support_request')).toBeNull();
		expect(isWizardStep('route')).toBe(true);
		expect(isWizardStep('done')).toBe(false);
	});

	it('are reached up to the furthest one visited', () => {
		expect(reachedSteps('support_request')).toEqual(['support_request']);
		expect(reachedSteps('readiness')).toEqual(['support_request', 'triggers', 'readiness']);
		expect(laterStep('route', 'triggers')).toBe('route');
		expect(laterStep('triggers', 'route')).toBe('route');
	});

	it('after them have to be walked again when an answer that feeds them changes', () => {
		expect(furthestAfterEdit('triggers', 'confirm')).toBe('triggers');
		expect(furthestAfterEdit('readiness', 'route')).toBe('readiness');
		// The title and channel feed nothing after them.
		expect(furthestAfterEdit('route', 'confirm')).toBe('confirm');
		expect(furthestAfterEdit('readiness', 'readiness')).toBe('readiness');
	});
});

describe('emptyDraft', () => {
	it('starts at the first step with nothing answered', () => {
		expect(emptyDraft()).toEqual({
			id: '',
			step: 'support_request',
			supportRequestId: null,
			triggers: [],
			warrantedSeverity: null,
			impactChanged: false,
			recordedWrongly: false,
			readiness: {
				problemStatement: '',
				problemStatementConfirmed: false,
				businessImpact: '',
				workaround: { kind: 'none' },
				milestone: { kind: 'unset' }
			},
			title: '',
			channel: null,
			updatedAt: null
		});
	});

	it('gives a fresh object each time', () => {
		const first = emptyDraft();
		first.triggers.push('roadblock');
		expect(emptyDraft().triggers).toEqual([]);
	});
});

describe('withSupportRequest', () => {
	it('fills what the SR records, its severity and a title', () => {
		const draft = withSupportRequest(emptyDraft(), SR, undefined);
		expect(draft.supportRequestId).toBe('sr-1');
		expect(draft.warrantedSeverity).toBe(3);
		expect(draft.title).toBe('Escalation of SR 24512345678: vMotion fails');
		expect(draft.readiness).toEqual({
			problemStatement: 'vMotion fails between esx01 and esx02',
			problemStatementConfirmed: false,
			businessImpact: '400 VMs cannot be patched',
			workaround: { kind: 'impractical', why: 'Cold migration needs downtime' },
			milestone: { kind: 'on', date: '2031-05-01', what: 'Go-live' }
		});
	});

	it('keeps what the user typed and follows the new SR elsewhere', () => {
		const first = withSupportRequest(emptyDraft(), SR, undefined);
		const edited = {
			...first,
			channel: 1,
			readiness: {
				...first.readiness,
				businessImpact: 'Payroll stops',
				problemStatementConfirmed: true
			}
		};
		const second = withSupportRequest(edited, OTHER, SR);
		expect(second.readiness.problemStatement).toBe('Kernel panics on boot');
		expect(second.readiness.problemStatementConfirmed).toBe(false);
		expect(second.readiness.businessImpact).toBe('Payroll stops');
		expect(second.readiness.workaround).toEqual({ kind: 'none' });
		expect(second.readiness.milestone).toEqual({ kind: 'none_explicitly' });
		expect(second.title).toBe('Escalation of SR 0401: Kernel panic');
		expect(second.warrantedSeverity).toBe(2);
		// Another vendor has its own list of channels.
		expect(second.channel).toBeNull();
	});

	it('keeps a title the user wrote', () => {
		const draft = { ...withSupportRequest(emptyDraft(), SR, undefined), title: 'Go-live at risk' };
		expect(withSupportRequest(draft, OTHER, SR).title).toBe('Go-live at risk');
	});

	it('changes nothing when the same SR is chosen again', () => {
		const draft = withSupportRequest(emptyDraft(), SR, undefined);
		expect(withSupportRequest(draft, SR, SR)).toBe(draft);
	});
});

describe('labels', () => {
	it('name an SR by number, title and vendor', () => {
		expect(supportRequestLabel(SR)).toBe('24512345678 — vMotion fails (VMware by Broadcom)');
		expect(defaultTitle(OTHER)).toBe('Escalation of SR 0401: Kernel panic');
	});

	it('put triggers in the vendor’s order', () => {
		expect(orderedTriggers(['dissatisfied', 'roadblock'])).toEqual(['roadblock', 'dissatisfied']);
	});
});

describe('milestone', () => {
	it('accepts only real calendar dates', () => {
		expect(isIsoDate('2031-05-01')).toBe(true);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2027-02-29')).toBe(false);
		expect(isIsoDate('2031-13-01')).toBe(false);
		expect(isIsoDate('01/05/2031')).toBe(false);
		expect(isIsoDate('')).toBe(false);
	});

	it('turns the date input into the Milestone Rust reads', () => {
		expect(toMilestone({ choice: 'on', date: '2031-05-01', what: 'Go-live' })).toEqual({
			kind: 'on',
			date: '2031-05-01',
			what: 'Go-live'
		});
		expect(toMilestone({ choice: 'none', date: '2031-05-01', what: 'x' })).toEqual({
			kind: 'none_explicitly'
		});
		expect(toMilestone({ choice: '', date: '', what: '' })).toEqual({ kind: 'unset' });
		// Half-typed: not a date Rust could read, so nothing is stated yet.
		expect(toMilestone({ choice: 'on', date: '', what: 'Go-live' })).toEqual({ kind: 'unset' });
	});

	it('reads a Milestone back into its inputs', () => {
		expect(milestoneFields({ kind: 'on', date: '2031-05-01', what: 'Go-live' })).toEqual({
			choice: 'on',
			date: '2031-05-01',
			what: 'Go-live'
		});
		expect(milestoneFields({ kind: 'none_explicitly' })).toEqual({
			choice: 'none',
			date: '',
			what: ''
		});
		expect(milestoneFields({ kind: 'unset' })).toEqual({ choice: '', date: '', what: '' });
	});

	it('asks for the date when a milestone is chosen without one', () => {
		expect(milestoneProblem({ choice: 'on', date: '', what: '' })).toMatch(/Enter the date/);
		expect(milestoneProblem({ choice: 'on', date: '2031-05-01', what: '' })).toBeNull();
		expect(milestoneProblem({ choice: '', date: '', what: '' })).toBeNull();
	});

	it('describes a milestone in words', () => {
		expect(describeMilestone({ kind: 'on', date: '2031-05-01', what: ' Go-live ' })).toBe(
			'2031-05-01 — Go-live'
		);
		expect(describeMilestone({ kind: 'on', date: '2031-05-01', what: '' })).toBe('2031-05-01');
		expect(describeMilestone({ kind: 'none_explicitly' })).toBe('No critical milestone');
	});
});

describe('severityChangeReason', () => {
	it('follows the answers on the triggers step', () => {
		expect(severityChangeReason({ impactChanged: true, recordedWrongly: false })).toBe(
			'impact_changed'
		);
		expect(severityChangeReason({ impactChanged: false, recordedWrongly: true })).toBe(
			'recorded_wrongly'
		);
		expect(severityChangeReason({ impactChanged: true, recordedWrongly: true })).toBe(
			'impact_changed'
		);
	});
});

describe('errors', () => {
	it('go beside the fields the wizard has and into a banner otherwise', () => {
		const { messages, other } = splitWizardErrors([
			{ field: 'title', message: 'Give the escalation a short title.' },
			{ field: 'milestone', message: 'The date is not in the future.' },
			{ field: 'milestone', message: 'At most 4000 characters.' },
			{ field: 'contacts.0.name', message: 'Give the contact’s name.' }
		]);
		expect(messages).toEqual({
			title: 'Give the escalation a short title.',
			milestone: 'The date is not in the future. At most 4000 characters.'
		});
		expect(other).toEqual(['Give the contact’s name.']);
	});

	it('lead to the earliest step that shows one', () => {
		expect(firstStepWithErrors({ title: 'x', businessImpact: 'y' })).toBe('readiness');
		expect(firstStepWithErrors({ channel: 'x' })).toBe('route');
		expect(firstStepWithErrors({ supportRequestId: 'x', triggers: 'y' })).toBe('support_request');
		expect(firstStepWithErrors({})).toBeNull();
	});
});
