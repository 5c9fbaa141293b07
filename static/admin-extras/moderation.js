// Moderation buttons without a new page: Approve, Reject and Spam update their comment where it
// is and say what happened, with an Undo. Without this script the same buttons send their form
// and the page comes back with the same message, so nothing depends on it.
'use strict';
{
    const BUTTON = '.moderation-buttons button[name="state"], .moderation-live-undo';

    function csrfToken(form) {
        const field = (form || document).querySelector('[name="csrfmiddlewaretoken"]');
        return field ? field.value : '';
    }

    // The status area is on the page, empty, before anything is said in it, so that screen
    // readers announce what is put there later.
    function statusArea() {
        let area = document.getElementById('moderation-status');
        if (!area) {
            area = document.createElement('div');
            area.id = 'moderation-status';
            area.className = 'moderation-status';
            area.setAttribute('role', 'status');
            const main = document.getElementById('content-main') || document.body;
            main.prepend(area);
        }
        return area;
    }

    function ready() {
        if (document.querySelector('.moderation-buttons')) {
            statusArea();
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', ready);
    } else {
        ready();
    }

    function say(message, undo) {
        const area = statusArea();
        area.replaceChildren();
        const text = document.createElement('p');
        text.textContent = message + ' ';
        if (undo) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'button moderation-live-undo';
            button.textContent = 'Undo';
            button.dataset.url = undo.url;
            button.dataset.state = undo.state;
            button.dataset.cardId = undo.cardId;
            text.append(button);
        }
        area.append(text);
    }

    function cardFor(button) {
        if (button.dataset.cardId) {
            return document.querySelector(
                '.moderation-comment[data-card-id="' + button.dataset.cardId + '"]'
            );
        }
        return button.closest('.moderation-comment');
    }

    let cardCount = 0;

    async function moderate(button, url, state, form) {
        const card = cardFor(button);
        if (!card) {
            return false;
        }
        const body = new FormData();
        body.append('csrfmiddlewaretoken', csrfToken(form));
        body.append('state', state);
        body.append('layout', card.dataset.layout || 'row');
        const next = card.querySelector('[name="next"]') || document.querySelector('[name="next"]');
        if (next) {
            body.append('next', next.value);
        }
        let answer;
        try {
            const response = await fetch(url, {
                method: 'POST',
                body: body,
                headers: {'Accept': 'application/json'},
                credentials: 'same-origin',
            });
            if (!response.ok) {
                return false;
            }
            answer = await response.json();
        } catch (error) {
            return false;
        }
        const holder = document.createElement('template');
        holder.innerHTML = answer.card.trim();
        const fresh = holder.content.firstElementChild;
        cardCount += 1;
        fresh.dataset.cardId = String(cardCount);
        card.replaceWith(fresh);
        say(answer.message, {url: url, state: answer.undo, cardId: fresh.dataset.cardId});
        // Keep the keyboard where it was, on the comment just decided, without pressing a
        // button for it: Tab goes on to its buttons and the comments after it.
        fresh.tabIndex = -1;
        fresh.focus();
        return true;
    }

    document.addEventListener('submit', async (event) => {
        const button = event.submitter;
        if (!button || !button.matches(BUTTON) || button.dataset.sending) {
            return;
        }
        event.preventDefault();
        const form = event.target;
        const url = button.getAttribute('formaction') || form.getAttribute('action');
        button.dataset.sending = 'yes';
        const done = await moderate(button, url, button.value, form);
        if (!done) {
            // Anything unexpected: send the form the ordinary way, which shows what went wrong.
            form.requestSubmit(button);
        }
        delete button.dataset.sending;
    });

    document.addEventListener('click', async (event) => {
        const undo = event.target.closest('.moderation-live-undo');
        if (!undo) {
            return;
        }
        const done = await moderate(undo, undo.dataset.url, undo.dataset.state, null);
        if (!done) {
            window.location.reload();
        }
    });
}
