/**
 * pmkit-check: the "Check this exercise" command.
 *
 * Saves the current notebook, asks the server's pmkit extension (POST pmkit/check) to run
 * `pmkit check --json` on the saved file, and shows the report: per question the points,
 * passed or failed, what is wrong and a hint; written answers awaiting review with their
 * rubric; and, when only the visible tests ran, why. The server never sends test code or
 * expected values, so there is nothing to hide here.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';

const COMMAND = 'pmkit:check-notebook';

interface IQuestion {
  grade_id: string;
  label: string;
  kind: 'auto' | 'manual';
  points: number;
  earned: number;
  passed: boolean | null;
  message: string;
  hint: string;
  rubric: string;
}

interface IReport {
  notebook: string;
  assignment: string;
  earned: number;
  possible: number;
  passed: boolean;
  sandboxed: boolean;
  visible_only: boolean;
  missing?: string;
  questions: IQuestion[];
}

interface IAnswer {
  status: number;
  report?: IReport;
  error?: string;
}

function element(
  tag: string,
  text?: string,
  className?: string
): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function points(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The report as the terminal's table, in a widget for a dialog. */
export function reportWidget(report: IReport): Widget {
  const body = element('div', undefined, 'pmkit-check-report');
  const table = element('table');
  const head = element('tr');
  for (const title of ['Question', 'Points', 'Result']) {
    head.appendChild(element('th', title));
  }
  table.appendChild(head);
  for (const q of report.questions) {
    const row = element('tr');
    row.appendChild(element('td', q.label));
    if (q.kind === 'manual') {
      row.appendChild(element('td', `-/${points(q.points)}`));
      row.appendChild(element('td', 'awaiting review', 'pmkit-check-review'));
    } else {
      row.appendChild(
        element('td', `${points(q.passed ? q.earned : 0)}/${points(q.points)}`)
      );
      row.appendChild(
        element(
          'td',
          q.passed ? 'passed' : 'failed',
          q.passed ? 'pmkit-check-passed' : 'pmkit-check-failed'
        )
      );
    }
    table.appendChild(row);
  }
  body.appendChild(table);
  const failed = report.questions.filter(q => q.kind === 'auto' && !q.passed);
  if (failed.length) {
    body.appendChild(element('h4', 'What to fix'));
    const list = element('ul');
    for (const q of failed) {
      const item = element('li');
      item.appendChild(element('strong', `${q.label}: `));
      item.appendChild(element('span', q.message));
      if (q.hint) {
        item.appendChild(element('div', `Hint: ${q.hint}`, 'pmkit-check-hint'));
      }
      list.appendChild(item);
    }
    body.appendChild(list);
  }
  const waiting = report.questions.filter(q => q.kind === 'manual');
  if (waiting.length) {
    body.appendChild(element('h4', 'Written answers awaiting review'));
    const list = element('ul');
    for (const q of waiting) {
      list.appendChild(
        element(
          'li',
          `${q.label} (${points(q.points)} points). ${q.rubric || 'No rubric given.'}`
        )
      );
    }
    body.appendChild(list);
  }
  if (report.missing) {
    body.appendChild(
      element(
        'p',
        'Visible tests only: ' +
          report.missing[0].toUpperCase() +
          report.missing.slice(1)
      )
    );
  } else if (report.visible_only) {
    body.appendChild(
      element(
        'p',
        'Visible tests only: your course checks your work against the tests you can see; ' +
          'more tests run when it is graded, so passing here is not yet a score.'
      )
    );
  }
  if (!report.sandboxed) {
    body.appendChild(
      element(
        'p',
        'Not sandboxed: bubblewrap is not available here, so your code ran with your own ' +
          'permissions (the tests still ran apart from it).'
      )
    );
  }
  const summary =
    `Autograded: ${points(report.earned)} of ${points(report.possible)} points` +
    (report.passed
      ? ', every question passes.'
      : `; ${failed.length} question(s) to fix.`);
  body.appendChild(element('p', summary, 'pmkit-check-summary'));
  const widget = new Widget({ node: body });
  widget.addClass('pmkit-check');
  return widget;
}

async function requestCheck(path: string): Promise<IAnswer> {
  const settings = ServerConnection.makeSettings();
  const response = await ServerConnection.makeRequest(
    URLExt.join(settings.baseUrl, 'pmkit', 'check'),
    { method: 'POST', body: JSON.stringify({ path }) },
    settings
  );
  const text = await response.text();
  let data: any = {};
  try {
    data = JSON.parse(text);
  } catch {
    data = {};
  }
  if (!response.ok) {
    return {
      status: 2,
      error: data.message || `the server answered ${response.status}: ${text}`
    };
  }
  return data as IAnswer;
}

async function checkNotebook(panel: NotebookPanel): Promise<void> {
  await panel.context.ready;
  await panel.context.save();
  const name = panel.context.path.split('/').pop() || panel.context.path;
  const waiting = new Dialog({
    title: `Checking ${name}`,
    body: 'Running a copy of the saved notebook with the exercise\'s tests...',
    buttons: [Dialog.cancelButton({ label: 'Close' })]
  });
  void waiting.launch();
  let answer: IAnswer;
  try {
    answer = await requestCheck(panel.context.path);
  } catch (error) {
    answer = { status: 2, error: `the server did not answer: ${error}` };
  }
  waiting.dispose();
  if (answer.status === 2 || !answer.report) {
    await showDialog({
      title: `${name} could not be checked`,
      body: new Widget({
        node: element('pre', answer.error || 'no reason given', 'pmkit-check-error')
      }),
      buttons: [Dialog.okButton()]
    });
    return;
  }
  await showDialog({
    title: `Self-check of ${name} (exercise ${answer.report.assignment})`,
    body: reportWidget(answer.report),
    buttons: [Dialog.okButton()]
  });
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'pmkit-check:plugin',
  description: 'Check the current exercise notebook with pmkit check.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null
  ) => {
    app.commands.addCommand(COMMAND, {
      label: 'Check this exercise',
      caption:
        'Save the notebook and check it with all the exercise\'s tests (pmkit check)',
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = tracker.currentWidget;
        if (panel) {
          await checkNotebook(panel);
        }
      }
    });
    if (palette) {
      palette.addItem({ command: COMMAND, category: 'pmkit' });
    }
  }
};

export default plugin;
